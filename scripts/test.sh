#!/usr/bin/env bash
# Every test: install what is needed, build the sanitizer tree, fuzz the parsers for a short
# while (RELIABILITY S10), then run the whole suite under ASan and UBSan.
#   KOMEK_FUZZ_SECONDS=0 bash scripts/test.sh   skips the fuzzing (the corpus replay still runs)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh asan
fuzz_seconds="${KOMEK_FUZZ_SECONDS:-60}"
if [ "$fuzz_seconds" != "0" ]; then
  bash scripts/fuzz.sh "$fuzz_seconds" > build-asan/fuzz.log 2>&1 || { tail -50 build-asan/fuzz.log; exit 1; }
  grep -E "^fuzzing|^Done" build-asan/fuzz.log
fi
# A throwaway PostgreSQL cluster: the store and crash tests run on it as well as on SQLite.
pg_dir="$(mktemp -d /tmp/komek-pg-XXXXXX)"
trap 'bash scripts/pg.sh stop "$pg_dir"' EXIT
eval "$(bash scripts/pg.sh start "$pg_dir")"
# The test lists are found when the tests run (PRE_TEST), and cached beside each binary; a list
# found earlier without KOMEK_TEST_PG (a test run by hand) would hide the PostgreSQL variants.
rm -f build-asan/tests/*_tests.cmake
# Sanitizer reports fail the run; leak checking included.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan -j "$(nproc)" --output-on-failure --timeout 600
