#!/usr/bin/env bash
# Everything CI runs: lint, types, layer contracts, migrations check, the test suite on a throwaway
# PostgreSQL, then the browser journeys in Debian's Chromium. Stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
# Check this checkout's sources even when the venv's editable install points at another one.
export PYTHONPATH=src:.
pgdir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"' EXIT

echo "== ruff"
$bin/ruff check .
$bin/ruff format --check .
echo "== mypy"; $bin/mypy
echo "== import-linter"; $bin/lint-imports
echo "== PostgreSQL"
export DATABASE_URL; DATABASE_URL=$(scripts/pg.sh start "$pgdir")
echo "   $DATABASE_URL"
export DJANGO_SETTINGS_MODULE=config.settings.test
echo "== migrations are complete"; $bin/python manage.py makemigrations --check --dry-run >/dev/null
echo "== OpenAPI schema is committed and current"
$bin/python manage.py export_openapi --check docs/openapi.json
echo "== tests"
$bin/pytest -n 2 --dist loadfile -p no:randomly src
echo "== browser journeys (Chromium)"
$bin/pytest -n 0 e2e
