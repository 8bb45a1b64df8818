#!/usr/bin/env bash
# Dumps the PostgreSQL database of DATABASE_URL into BACKUP_DIR as a timestamped custom-format dump (compressed,
# restorable table by table with pg_restore), checks that the dump reads back, then deletes dumps of the same
# database older than BACKUP_KEEP_DAYS - never the newest one. Needs only pg_dump/pg_restore (postgresql-client,
# same major version as the server or newer): no Docker. The compose `backup` profile runs this same script in a
# postgres:15 container with --every.
#
#   scripts/db-backup.sh                    one dump now, e.g. backups/interview_db-20261127T193000Z.dump
#   scripts/db-backup.sh --every 86400      a dump every 86400 s until SIGTERM (the compose service)
#
# Environment:
#   DATABASE_URL      postgresql://user:password@host:5432/db   (default: the development database)
#   BACKUP_DIR        where dumps go                             (default: backups/ in the repository)
#   BACKUP_KEEP_DAYS  dumps older than this many days are deleted (default 7; 0 = keep everything)
# The last line printed is the path of the dump written. Restore with scripts/db-restore.sh.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/interview_db}"
BACKUP_DIR="${BACKUP_DIR:-$(cd "$(dirname "$0")/.." && pwd)/backups}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-7}"

log() { printf '%s db-backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# the URL without its password, for messages
masked() { printf '%s' "$1" | sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#'; }

# database name: the URL's path without query (postgresql://u:p@h:5432/db?sslmode=require → db)
db_name() { local p="${1#*://}"; p="${p#*/}"; p="${p%%\?*}"; printf '%s' "${p:-postgres}"; }

backup_once() {
  command -v pg_dump >/dev/null 2>&1 || die "pg_dump is missing: install postgresql-client (apt-get install postgresql-client)"
  case "$BACKUP_KEEP_DAYS" in ''|*[!0-9]*) die "BACKUP_KEEP_DAYS must be a whole number of days, not '$BACKUP_KEEP_DAYS'" ;; esac
  mkdir -p "$BACKUP_DIR"
  local db stamp file tmp
  db=$(db_name "$DATABASE_URL")
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  file="$BACKUP_DIR/$db-$stamp.dump"
  tmp="$file.partial"
  log "dumping $(masked "$DATABASE_URL") to $file"
  # custom format: compressed, and pg_restore can pick objects; --no-owner/--no-privileges: restorable as another user
  if ! pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$tmp"; then
    rm -f "$tmp"
    die "pg_dump of $(masked "$DATABASE_URL") failed"
  fi
  # a dump that cannot be listed is no backup: keep the previous ones and fail loudly
  if ! pg_restore --list "$tmp" >/dev/null; then
    rm -f "$tmp"
    die "the dump $tmp does not read back"
  fi
  mv "$tmp" "$file"
  log "wrote $file ($(du -h "$file" | cut -f1))"
  if [ "$BACKUP_KEEP_DAYS" -gt 0 ]; then
    # -mtime +N: modified more than N whole days ago; the dump just written is never among them
    find "$BACKUP_DIR" -maxdepth 1 -type f -name "$db-*.dump" -mtime +"$((BACKUP_KEEP_DAYS - 1))" ! -path "$file" -print \
      | while read -r old; do rm -f "$old" && log "deleted $old (older than $BACKUP_KEEP_DAYS days)"; done
  fi
  printf '%s\n' "$file"
}

case "${1:-}" in
  --every)
    interval="${2:-}"
    case "$interval" in ''|*[!0-9]*|0) die "--every needs a number of seconds" ;; esac
    # exit at once on docker stop; a failed dump is logged and retried at the next turn
    trap 'log "stopping"; exit 0' TERM INT
    log "a dump every $interval s into $BACKUP_DIR, kept $BACKUP_KEEP_DAYS days"
    while :; do
      ( backup_once ) || log "this dump failed; next try in $interval s"
      sleep "$interval" & wait $!
    done
    ;;
  ""|--once)
    backup_once
    ;;
  -h|--help)
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    die "unknown argument '$1' (usage: db-backup.sh [--every SECONDS])"
    ;;
esac
