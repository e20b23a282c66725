#!/usr/bin/env bash
# The browser tests of the web interface (tests/browser/): playwright-core driving Debian's
# Chromium headless against a `komek serve` the tests start themselves.
#   bash scripts/browser-test.sh path/to/komek [screenshot dir]
# Installs the pinned npm packages (package-lock.json: playwright-core, axe-core for the
# accessibility audit) with `npm ci` when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(realpath "${1:?usage: browser-test.sh KOMEK_BINARY [SCREENSHOT_DIR]}")"
export KOMEK_BINARY="$binary"
export KOMEK_SCREENSHOTS="${2:-${KOMEK_SCREENSHOTS:-$(dirname "$binary")/browser-screenshots}}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
for tool in node npm "$CHROMIUM"; do
  command -v "$tool" > /dev/null || { echo "browser-test: $tool is missing (bash scripts/install-deps.sh)" >&2; exit 1; }
done
if [ ! -f tests/browser/node_modules/playwright-core/package.json ] || [ ! -f tests/browser/node_modules/axe-core/package.json ]; then
  # No browser download: playwright-core drives the system's Chromium.
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
# The server under test runs with the sanitizers of its build; leaks at exit are the unit
# tests' business, the browser tests check behaviour.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
exec node --test --test-concurrency=1 tests/browser/
