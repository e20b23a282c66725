#!/usr/bin/env bash
# Every test: install what is needed, build the sanitizer tree, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh asan
# Sanitizer reports fail the run; leak checking included.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan -j "$(nproc)" --output-on-failure --timeout 600
