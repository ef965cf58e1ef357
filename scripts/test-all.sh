#!/usr/bin/env bash
# `npm test`: every check, in order of cost — static checks, unit, integration, end-to-end — then a
# summary line. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

stage() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

mkdir -p test-results
rm -f test-results/unit.json test-results/integration.json test-results/e2e-results.json

stage "format check"; npx prettier --check . --log-level warn
stage "lint";         npx eslint --max-warnings=0 .
stage "typecheck";    npx tsc --noEmit

stage "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json

stage "integration tests (real PostgreSQL)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=test-results/integration.json

stage "end-to-end tests (production build, Chromium)"
bash scripts/ensure-chromium.sh
npx playwright test

stage "summary"
node scripts/test-summary.mjs
