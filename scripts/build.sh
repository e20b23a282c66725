#!/usr/bin/env bash
# Configures (once) and builds one of the build trees, incrementally.
#   release -> build/       (Release: the server, the CLI, benchmarks)
#   asan    -> build-asan/  (Debug with AddressSanitizer and UndefinedBehaviorSanitizer: tests)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
# ccache keyed on paths relative to the checkout, so that a fresh clone reuses the cache.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
case "$kind" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DKOMEK_SANITIZE=ON) ;;
  *) echo "build.sh: unknown build '$kind' (release or asan)" >&2; exit 2 ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}"
fi
cmake --build "$dir" -j "$(nproc)"
