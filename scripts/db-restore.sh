#!/usr/bin/env bash
# Restores a dump made by scripts/db-backup.sh (or any pg_dump) into the database of DATABASE_URL, in ONE
# transaction: either the whole dump is in place afterwards, or nothing changed. Objects of the dump are dropped and
# recreated (their rows replaced by the dump's); objects created after the dump are left alone. No Docker needed:
# only pg_restore/psql (postgresql-client).
#
#   scripts/db-restore.sh backups/interview_db-20261127T193000Z.dump
#   scripts/db-restore.sh --yes latest          the newest dump of the database in BACKUP_DIR, no question asked
#   scripts/db-restore.sh dump.sql | dump.sql.gz   plain SQL dumps work too (psql)
#
# Stop the API nodes first (docker compose stop app1 app2 app3, or scripts/load-balancer-setup.sh stop-local): the
# restore waits for their locks, and they would serve a half-restored database otherwise.
#
# Environment: DATABASE_URL (default: the development database), BACKUP_DIR (for `latest`, default backups/).
# With the compose stack:  docker compose -f docker/docker-compose.lb.yml --profile backup run --rm \
#                            --entrypoint bash db-backup /usr/local/bin/db-restore.sh --yes latest
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/interview_db}"
BACKUP_DIR="${BACKUP_DIR:-$(cd "$(dirname "$0")/.." && pwd)/backups}"

log() { printf '%s db-restore: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
masked() { printf '%s' "$1" | sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#'; }
db_name() { local p="${1#*://}"; p="${p#*/}"; p="${p%%\?*}"; printf '%s' "${p:-postgres}"; }

yes=false
file=""
for arg in "$@"; do
  case "$arg" in
    -y|--yes) yes=true ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option '$arg'" ;;
    *) [ -z "$file" ] || die "one dump file only"; file="$arg" ;;
  esac
done
[ -n "$file" ] || die "usage: db-restore.sh [--yes] FILE|latest"

db=$(db_name "$DATABASE_URL")
if [ "$file" = latest ]; then
  file=$(ls -1t "$BACKUP_DIR/$db"-*.dump 2>/dev/null | head -1 || true)
  [ -n "$file" ] || die "no dump of $db in $BACKUP_DIR"
fi
[ -r "$file" ] || die "cannot read $file"

for tool in psql pg_restore; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: install postgresql-client (apt-get install postgresql-client)"
done
psql --dbname="$DATABASE_URL" -qAtc 'SELECT 1' >/dev/null 2>&1 || die "cannot connect to $(masked "$DATABASE_URL")"

if ! $yes; then
  [ -t 0 ] || die "refusing to overwrite $db without a terminal to confirm: pass --yes"
  printf 'Restore %s into %s, replacing what the dump contains? Type the database name (%s) to go on: ' \
    "$file" "$(masked "$DATABASE_URL")" "$db" >&2
  read -r answer
  [ "$answer" = "$db" ] || die "not confirmed; nothing changed"
fi

others=$(psql --dbname="$DATABASE_URL" -qAtc \
  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" 2>/dev/null || echo 0)
[ "${others:-0}" = 0 ] || log "warning: $others other connection(s) to $db - stop the API nodes, or the restore waits for their locks"

log "restoring $file into $(masked "$DATABASE_URL")"
case "$file" in
  *.sql.gz)
    gzip -dc "$file" | psql --dbname="$DATABASE_URL" -q -v ON_ERROR_STOP=1 --single-transaction >/dev/null ;;
  *.sql)
    psql --dbname="$DATABASE_URL" -q -v ON_ERROR_STOP=1 --single-transaction -f "$file" >/dev/null ;;
  *)
    # --clean --if-exists: drop each object of the dump before recreating it; --single-transaction: all or nothing
    pg_restore --dbname="$DATABASE_URL" --clean --if-exists --no-owner --no-privileges --single-transaction \
      --exit-on-error "$file" ;;
esac

version=$(psql --dbname="$DATABASE_URL" -qAtc \
  "SELECT max(version) FROM flyway_schema_history WHERE success" 2>/dev/null || true)
log "restored $db${version:+ (schema version $version)}"
