#!/usr/bin/env bash
# `npm test`: everything CI checks, in order. Static checks fail fast; then every suite runs and the
# last line is the combined count ("Tests: N passed, N failed").
set -uo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() {
  echo "npm test: $*" >&2
  echo "Tests: 0 passed, 1 failed"
  exit 1
}

step lint && npx eslint . || fail "lint failed"
step format && npx prettier --check . || fail "formatting differs: run npm run format"
step typecheck && npm run -s typecheck || fail "type check failed"
step build && npx electron-vite build || fail "build failed"

mkdir -p test-results
rm -f test-results/*.json
status=0
step "unit, integration and CLI tests (vitest, real keychain)"
test/with-keyring.sh npx vitest run --config test/vitest.config.mts --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
step "renderer tests (Playwright, Chromium, real keychain)"
PLAYWRIGHT_JSON_OUTPUT_FILE=test-results/playwright.json \
  test/with-keyring.sh npx playwright test --config test/e2e/playwright.config.ts --reporter=list,json || status=1
step "packaging check"
npm run -s package:check || status=1
node test/summary.mjs || status=1
exit $status
