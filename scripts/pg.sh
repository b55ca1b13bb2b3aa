#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on a free loopback port, for `make test` and `make bench`.
#   scripts/pg.sh start DIR   -> initdb (as an unprivileged user when run as root), start, create
#                                 database "motcua"; prints the DATABASE_URL on stdout
#   scripts/pg.sh stop DIR    -> stop the cluster and remove DIR
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}
pgbin=${PG_BIN:-}
if [ -z "$pgbin" ]; then
  for candidate in /usr/lib/postgresql/1[5-9]/bin; do [ -x "$candidate/initdb" ] && pgbin=$candidate; done
fi
[ -n "$pgbin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown nobody "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_owner "$pgbin/initdb" -D "$dir/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U motcua motcua
    echo "$port" > "$dir/port"
    echo "postgres://motcua@127.0.0.1:$port/motcua"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg.sh start|stop DIR" >&2; exit 2 ;;
esac
