#!/usr/bin/env bash
# `make bench`: a throwaway PostgreSQL, the demo province plus BENCH_DOSSIERS generated dossiers
# (default 1,000,000; `motcua generate_load_data`), gunicorn on a free loopback port, then the
# benchmarks in bench/; results go to bench/results.json. Stops and removes everything it started.
#
#   BENCH_DOSSIERS=200000 make bench        # a smaller database
#   BENCH_GUNICORN="--workers 4" make bench   # another server layout (default: one worker per core)
#   BENCH_OUT=/tmp/results.json make bench     # write the results elsewhere
#   BENCH_ONLY=reports make bench              # only some metric groups (bench/run.py --only)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
dossiers=${BENCH_DOSSIERS:-1000000}
# One single-threaded (sync) worker per core: the work is CPU-bound Python, and threads of one
# process wait on each other for the interpreter lock while they hold database row locks. Measured
# against --workers 2 --threads 4, --workers 3 and --workers 4 on 2 cores (bench/README.md).
gunicorn_opts=${BENCH_GUNICORN:---workers $(nproc)}
pgdir=$(mktemp -d /tmp/motcua-bench-pg.XXXXXX)
media=$(mktemp -d /tmp/motcua-bench-media.XXXXXX)
load_report=$(mktemp /tmp/motcua-bench-load.XXXXXX)
gunicorn_pid=""
cleanup() {
  if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  scripts/pg.sh stop "$pgdir"
  rm -rf "$media" "$load_report"
}
trap cleanup EXIT
stamp() { echo "[bench $(date +%H:%M:%S) +${SECONDS}s] $*"; }

export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh start "$pgdir")
# A production-like server: buffers that hold the hot tables, no JIT compilation of OLTP queries,
# SSD page costs, fewer checkpoints during the bulk load. Restarted as the data directory's owner.
pgbin=${PG_BIN:-}
if [ -z "$pgbin" ]; then
  for candidate in /usr/lib/postgresql/1[5-9]/bin; do [ -x "$candidate/pg_ctl" ] && pgbin=$candidate; done
fi
for setting in "shared_buffers = '1GB'" "effective_cache_size = '4GB'" "jit = off" "random_page_cost = 1.1" \
  "max_wal_size = '8GB'"; do
  "$pgbin/psql" "$DATABASE_URL" -qXc "ALTER SYSTEM SET $setting"
done
if [ "$(id -u)" = "0" ]; then as_owner=(runuser -u nobody --); else as_owner=(); fi
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -w -t 60 restart >/dev/null
export BENCH_DATABASE="PostgreSQL 15 (shared_buffers 1GB, jit off)"
# Production settings; the lookup rate limit stays on but is set out of reach of one benchmark
# client (every request comes from 127.0.0.1); uploads of the intake benchmark go to a temp dir.
export DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1 \
  SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false LOG_LEVEL=WARNING PYTHONPATH=src:. \
  MEDIA_ROOT="$media" MOTCUA_LOOKUP_RATE_PER_MINUTE=1000000000
stamp "database, demo province"
$bin/python manage.py migrate --no-input -v 0
$bin/python manage.py collectstatic --no-input -v 0
$bin/python manage.py seed_demo --quiet
stamp "generating $dossiers dossiers"
$bin/python manage.py generate_load_data --dossiers "$dossiers" --province 40 --report-json "$load_report"
token=$($bin/python manage.py create_api_token --user tiepnhan --name bench)
# Write out the bulk load's dirty pages now, so that no checkpoint runs during the timed requests.
"$pgbin/psql" "$DATABASE_URL" -qXc "CHECKPOINT"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
stamp "gunicorn $gunicorn_opts on 127.0.0.1:$port"
# shellcheck disable=SC2086  # the options are words
$bin/gunicorn config.wsgi --bind "127.0.0.1:$port" $gunicorn_opts --log-level warning &
gunicorn_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
stamp "benchmarks"
BENCH_DOSSIERS=$dossiers BENCH_SERVER="gunicorn $gunicorn_opts" BENCH_API_TOKEN=$token BENCH_LOAD_REPORT="$load_report" \
  $bin/python bench/run.py --base-url "http://127.0.0.1:$port" ${BENCH_OUT:+--out "$BENCH_OUT"} \
  ${BENCH_ONLY:+--only "$BENCH_ONLY"}
stamp "done"
