#!/usr/bin/env bash
# The main job: install what is needed, build (Release), and start the server.
# Usage: bash scripts/run.sh [extra arguments for `komek serve`]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
# The demo district is created on the first start only; its accounts are printed then.
exec ./build/komek serve --demo --db komek-data/komek.db "$@"
