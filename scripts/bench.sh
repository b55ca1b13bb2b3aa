#!/usr/bin/env bash
# `make bench`: a throwaway PostgreSQL, the demo data, gunicorn on a free loopback port, then the
# benchmarks in bench/; results go to bench/results.json. Stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
pgdir=$(mktemp -d /tmp/motcua-bench-pg.XXXXXX)
gunicorn_pid=""
cleanup() { [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null; wait 2>/dev/null || true; scripts/pg.sh stop "$pgdir"; }
trap cleanup EXIT
export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh start "$pgdir")
export DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1 \
  SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false LOG_LEVEL=WARNING PYTHONPATH=src:.
$bin/python manage.py migrate --no-input -v 0
$bin/python manage.py collectstatic --no-input -v 0
$bin/python manage.py seed_demo --quiet
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$bin/gunicorn config.wsgi --bind "127.0.0.1:$port" --workers 2 --log-level warning &
gunicorn_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
$bin/python bench/run.py --base-url "http://127.0.0.1:$port"
