#!/usr/bin/env bash
# A throwaway PostgreSQL for the server's tests and load test: one cluster in
# $AE_PG_DIR (default /tmp/article-embed-postgres) on 127.0.0.1:$AE_PG_PORT
# (default 54329), trust authentication, nothing to configure.
#
#   scripts/postgres.sh start   # initdb when missing, start unless running; prints the URL
#   scripts/postgres.sh stop    # fast shutdown
#   scripts/postgres.sh running # exits 0 when it is running
#   scripts/postgres.sh url     # prints the URL
#
# The tests (and the fault test that stops and restarts it mid-load) find it
# through AE_TEST_POSTGRES, which scripts/test.sh sets to that URL.
set -euo pipefail
dir=${AE_PG_DIR:-/tmp/article-embed-postgres}
port=${AE_PG_PORT:-54329}
url="postgres://postgres@127.0.0.1:$port/postgres"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

# initdb and postgres refuse to run as root: as root, run them as postgres.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case ${1:-start} in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
      as_owner "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    fi
    echo "$url"
    ;;
  stop) as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null ;;
  running) as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1 ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|running|url" >&2; exit 2 ;;
esac
