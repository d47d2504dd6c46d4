#!/usr/bin/env bash
# Backup and restore drill: a database with demo cases and their files is backed up (pg_dump, then the files
# through `manage.py files backup`), destroyed (database dropped, files removed), restored (pg_restore, then
# `manage.py files restore`) and checked: the same rows, every file matching its hash, the migrations complete.
# The same steps, with the production database and storage, are those in docs/operations.md.
#
#   scripts/restore_drill.sh [POSTGRES_URL_WITHOUT_DATABASE]     # default postgres://postgres@127.0.0.1:5432
set -euo pipefail
cd "$(dirname "$0")/.."

server="${1:-postgres://postgres@127.0.0.1:5432}"
db="kp_restore_drill"
work="$(mktemp -d)"
trap 'rm -rf "$work"; psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
export PGOPTIONS="-c client_min_messages=warning"
export DATABASE_URL="$server/$db" KP_VAR_DIR="$work/var" KP_MEDIA_ROOT="$work/media"
py=".venv/bin/python"

counts() {
  psql "$DATABASE_URL" -tAc "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM cases_caseevent),
    (SELECT count(*) FROM documents_document), (SELECT count(*) FROM documents_casedocument),
    (SELECT count(*) FROM payments_payment), (SELECT count(*) FROM notifications_outboxemail)"
}

echo "1. A database with demo cases and documents"
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
$py manage.py migrate --noinput -v0
$py manage.py setup_portal >/dev/null
before="$(counts)"
echo "   rows (cases, events, documents, links, payments, e-mails): $before"
[ "$(psql "$DATABASE_URL" -tAc 'SELECT count(*) FROM documents_document')" -gt 0 ] || { echo "no documents to back up" >&2; exit 1; }

echo "2. Backup: the database first, then the files it names"
pg_dump --format=custom --file="$work/db.dump" "$DATABASE_URL"
$py manage.py files backup "$work/files"

echo "3. Disaster: the database dropped, the files gone"
psql "$server/postgres" -qc "DROP DATABASE $db"
rm -rf "$work/media"

echo "4. Restore"
psql "$server/postgres" -qc "CREATE DATABASE $db"
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$work/db.dump"
$py manage.py files restore "$work/files"

echo "5. Check"
after="$(counts)"
[ "$before" = "$after" ] || { echo "rows differ after the restore: before $before, after $after" >&2; exit 1; }
$py manage.py files verify
$py manage.py migrate --check >/dev/null || { echo "migrations are not complete after the restore" >&2; exit 1; }
echo "Restore drill passed: the same rows ($after), every file matches its hash."
