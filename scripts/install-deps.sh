#!/usr/bin/env bash
# Installs every Debian package Komek needs to build, run and test.
# Idempotent: when everything is already installed it changes nothing and does not
# touch the network. Run as root on Debian 12 (bookworm).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential g++ cmake ninja-build ccache pkg-config clang libclang-rt-14-dev git
  # libraries (see shared STACK.md for why each one is listed explicitly)
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libspdlog-dev
  libhowardhinnant-date-dev tzdata libexpected-dev
  libsoci-dev libsqlite3-dev libpq-dev libboost-dev
  libsodium-dev libhpdf-dev fonts-dejavu-core libxlsxwriter-dev libcurl4-openssl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev curl sqlite3 postgresql-15 wrk poppler-utils
  # the web interface's browser tests (tests/browser: playwright-core drives Debian's Chromium)
  chromium
)
# Node.js and npm run the browser tests. Machines that already have them (a Node.js with its
# own npm, whose package conflicts with Debian's npm) keep theirs; others get Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run this script as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
