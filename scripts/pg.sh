#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (STACK.md §2.5):
#   eval "$(bash scripts/pg.sh start DIR)"   starts it on a free port, prints KOMEK_TEST_PG=…
#   bash scripts/pg.sh stop DIR               stops it
set -euo pipefail
action="${1:?start or stop}"
dir="${2:?a directory}"
bin=/usr/lib/postgresql/15/bin
case "$action" in
  start)
    rm -rf "$dir"
    mkdir -p "$dir/sock"
    chown -R postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1" start > /dev/null
    runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres komek_test
    echo "export KOMEK_TEST_PG='host=127.0.0.1 port=$port dbname=komek_test user=postgres'"
    ;;
  stop)
    [ -d "$dir/data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "pg.sh: start or stop" >&2; exit 2 ;;
esac
