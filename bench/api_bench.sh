#!/usr/bin/env bash
# Case service throughput and latency over HTTP on SQLite with synchronous=FULL (issue 4):
# submit + register applications (target: at least 500 applications per second), and reading
# a case (target: p99 under 5 ms). Starts its own server on a fresh database in a temporary
# directory, loads it with wrk from 127.0.0.1, prints the figures, and stops the server.
# Usage: bash bench/api_bench.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
bash scripts/build.sh release > /dev/null
command -v wrk > /dev/null || { echo "wrk is not installed: run scripts/install-deps.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "correct horse battery staple" > "$work/pw"
./build/komek users add --db "$work/komek.db" --login bench --role officer --territory 3348 --password-file "$work/pw" > /dev/null
echo "2026-03-02T10:00" > "$work/clock"
./build/komek serve --db "$work/komek.db" --port "$port" --clock "$work/clock" --registry-families 100 > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.1; done
token=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/sessions" -H 'Content-Type: application/json' \
  -d '{"login": "bench", "password": "correct horse battery staple"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
export KOMEK_TOKEN="$token"

echo "== submit + register (POST /api/v1/cases, then POST …/accept), wrk -t2 -c16 -d${seconds}s"
wrk -t2 -c16 -d"${seconds}s" --latency -s bench/wrk/intake.lua "http://127.0.0.1:$port" | tee "$work/intake.txt"
requests=$(grep -E "^Requests/sec" "$work/intake.txt" | awk '{print $2}')
python3 - "$requests" <<'PY'
import sys
rps = float(sys.argv[1])
print(f"applications submitted and registered per second: {rps/2:.0f} (target >= 500: {'met' if rps/2 >= 500 else 'MISSED'})")
PY

case_id=$(curl -s "http://127.0.0.1:$port/api/v1/cases" -H "Authorization: Bearer $token" | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/' | head -c 32)
export KOMEK_CASE="$case_id"
echo "== read a case (GET /api/v1/cases/{id}), wrk -t2 -c8 -d${seconds}s"
wrk -t2 -c8 -d"${seconds}s" --latency -s bench/wrk/read.lua "http://127.0.0.1:$port" | tee "$work/read.txt"
p99=$(grep -E "^ +99%" "$work/read.txt" | awk '{print $2}')
echo "read p99: $p99 (target < 5 ms)"
echo "== at a fixed rate (open loop, latency from the scheduled time)"
./build/bench/http_load "$port" 200 "$seconds" 8 submit "$token" || true
echo "   (target: p99 under 50 ms for 200 applications per second, each a submit and a registration)"
./build/bench/http_load "$port" 200 "$seconds" 4 read "$token" "$case_id" || true
echo "   (target: reading a case, p99 under 5 ms)"
echo "== baseline in the same run: GET /health (no database), wrk -t2 -c8 -d${seconds}s"
wrk -t2 -c8 -d"${seconds}s" --latency "http://127.0.0.1:$port/health" | grep -E "Requests/sec|99%"
