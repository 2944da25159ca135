#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL + PostGIS server for the tests, in a temporary
# directory, listening only on a Unix socket in that directory (no TCP port is opened).
#   pg_server.sh start DIR    (prints nothing; the database is geoevent_test)
#   pg_server.sh stop DIR
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
action=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $action in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses='' -k $dir -p 5439 -c fsync=off" start >/dev/null
    as_pg "$bin/createdb" -h "$dir" -p 5439 -U postgres geoevent_test
    as_pg "$bin/psql" -q -h "$dir" -p 5439 -U postgres -d geoevent_test -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
    ;;
  stop)
    [[ -d $dir/data ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
