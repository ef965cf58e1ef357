/** Percentiles and table output for benchmarks (medians and ratios, never single runs). */
export interface Measurement {
  suite: string;
  name: string;
  unit: 'ms' | 'tasks/s' | 'bytes';
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  notes?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(
  suite: string,
  name: string,
  samples: number[],
  notes?: string,
  unit: Measurement['unit'] = 'ms',
): Measurement {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    suite,
    name,
    unit,
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
    ...(notes && { notes }),
  };
}

/** Times `fn` `iterations` times after `warmup` unmeasured runs; returns milliseconds per run. */
export async function time(
  fn: (i: number) => Promise<unknown>,
  iterations: number,
  warmup = 10,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

export function printTable(rows: readonly Measurement[]): void {
  const header = ['suite', 'benchmark', 'n', 'p50', 'p90', 'p99', 'unit', 'notes'];
  const lines = rows.map((r) => [
    r.suite,
    r.name,
    String(r.samples),
    String(r.p50),
    String(r.p90),
    String(r.p99),
    r.unit,
    r.notes ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}
