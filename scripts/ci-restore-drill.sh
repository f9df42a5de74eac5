#!/usr/bin/env bash
# The restore drill (docs/OPERATIONS.md) on a fresh copy of the demo data, on SQLite and on
# PostgreSQL: migrate, seed, anchor the audit trail, then back up, restore and prove the copy.
# Run by .ci/run after the suites, so every CI run is also a restore drill (checklist item 32).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists -h 127.0.0.1 -U postgres relsafe_ci_drill 2>/dev/null || true' EXIT

drill() {
  $PY manage.py migrate --noinput -v0
  $PY manage.py seed_demo >/dev/null
  $PY manage.py audit_anchor
  $PY manage.py restore_drill
}

echo "--- SQLite"
DATABASE_URL="sqlite:///$work/drill.sqlite3" AUDIT_ANCHOR_FILE="$work/sqlite-anchors.jsonl" drill

echo "--- PostgreSQL"
dropdb --if-exists -h 127.0.0.1 -U postgres relsafe_ci_drill
createdb -h 127.0.0.1 -U postgres relsafe_ci_drill
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/relsafe_ci_drill" \
  AUDIT_ANCHOR_FILE="$work/pg-anchors.jsonl" drill
