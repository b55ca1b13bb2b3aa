#!/usr/bin/env bash
# `make run`: migrate the SQLite demo database, load the demo province, start the task worker and
# the web server on http://127.0.0.1:8000. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.dev
py=.venv/bin/python
mkdir -p var/mail
$py manage.py migrate --no-input -v 0
# Load the demo before the worker starts, so nothing competes for the database meanwhile.
$py manage.py seed_demo
$py manage.py create_demo_ca >/dev/null 2>&1 || true
pids=()
cleanup() { trap - INT TERM EXIT; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup INT TERM EXIT
$py manage.py db_worker --no-reload --interval 1 >var/worker.log 2>&1 &
pids+=($!)
$py manage.py run_scheduler >var/scheduler.log 2>&1 &
pids+=($!)
echo "Khóa ký số demo / demo signing keys: var/keys (mã PIN / PIN: 123456)"
echo "Task worker: log in var/worker.log · e-mails: var/mail/"
echo "MộtCửa: http://127.0.0.1:8000   (nhân viên / staff: http://127.0.0.1:8000/can-bo/)   Ctrl-C để dừng / to stop"
$py manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"
