#!/usr/bin/env bash
# Fuzzes the rule-pack loader and the family reader with clang's libFuzzer under ASan and
# UBSan (RELIABILITY S10). Crashes found are written into tests/fuzz/<target>/corpus so that
# every later test run replays them.
# Usage: bash scripts/fuzz.sh [seconds per target, default 60]  (after scripts/install-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKOMEK_FUZZ=ON -DKOMEK_SANITIZE=ON -DKOMEK_BENCH=OFF
fi
cmake --build build-fuzz --target pack_fuzz family_fuzz
for target in pack family; do
  work=$(mktemp -d)
  cp -r "tests/fuzz/$target/corpus/." "$work/"
  echo "fuzzing $target for ${seconds}s"
  ./build-fuzz/tests/${target}_fuzz "$work" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="tests/fuzz/$target/corpus/crash-" -print_final_stats=1
  rm -rf "$work"
done
