#!/usr/bin/env node
// Prints the test counts of the last `npm test` run from the JSON reports, ending with the plain
// line "N passed, N failed" that CI reads.
import { readFileSync } from 'node:fs';

function read(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const rows = [];
for (const [name, file] of [
  ['unit', 'test-results/unit.json'],
  ['integration', 'test-results/integration.json'],
]) {
  const report = read(file);
  if (!report) continue;
  rows.push({
    name,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
  });
}
const e2e = read('test-results/e2e-results.json');
if (e2e) {
  rows.push({
    name: 'e2e',
    passed: e2e.stats.expected,
    failed: e2e.stats.unexpected + (e2e.stats.flaky ?? 0),
    skipped: e2e.stats.skipped,
  });
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const row of rows) {
  console.log(
    `  ${row.name.padEnd(12)} ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped`,
  );
  total.passed += row.passed;
  total.failed += row.failed;
  total.skipped += row.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || rows.length === 0 ? 1 : 0);
