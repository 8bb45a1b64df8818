#!/usr/bin/env bash
# Shared by scripts/run.sh and scripts/test.sh: make sure Java, Maven, PostgreSQL and Redis are there,
# starting (or, as root on Debian/Ubuntu, installing) them when possible, or saying exactly what to do.
# Honours DATABASE_URL and REDIS_URL: services on other hosts are only checked, never started.

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  if is_root && have apt-get; then
    say "installing $* (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
  else
    return 1
  fi
}

ensure_java_maven() {
  have java || apt_install openjdk-17-jdk-headless || die "Java 17 is missing: install a JDK 17 (e.g. 'sudo apt-get install openjdk-17-jdk-headless')"
  local v
  v=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [ "${v:-0}" -ge 17 ] || die "Java ${v:-?} found; Java 17 or newer is needed (set JAVA_HOME or install openjdk-17-jdk-headless)"
  have mvn || apt_install maven || die "Maven is missing: install it (e.g. 'sudo apt-get install maven')"
}

# url_part URL FIELD -> host|port|user|password|db|dbindex of postgresql:// or redis:// URLs
url_part() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null || true
import sys, urllib.parse as u
p = u.urlparse(sys.argv[1]); f = sys.argv[2]
vals = {"host": p.hostname or "127.0.0.1", "port": str(p.port or (6379 if p.scheme.startswith("redis") else 5432)),
        "user": u.unquote(p.username or ""), "password": u.unquote(p.password or ""),
        "db": (p.path or "/").lstrip("/")}
print(vals.get(f, ""))
PY
}

is_local() { case "$1" in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac; }

pg_up() { pg_isready -q -h "$1" -p "$2" >/dev/null 2>&1; }

ensure_postgres() {
  local url="${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/interview_db}"
  local host port
  host=$(url_part "$url" host); port=$(url_part "$url" port)
  have pg_isready || apt_install postgresql-client || die "the PostgreSQL client tools are missing: install 'postgresql-client'"
  if pg_up "$host" "$port"; then return 0; fi
  is_local "$host" || die "PostgreSQL at $host:$port does not answer; start it or fix DATABASE_URL"
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql || die "PostgreSQL is not installed: run 'sudo apt-get install postgresql' (or point DATABASE_URL at a server)"
  fi
  say "starting PostgreSQL"
  if is_root; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >/dev/null 2>&1 || true
  elif have sudo && sudo -n true 2>/dev/null; then
    sudo pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 30); do pg_up "$host" "$port" && return 0; sleep 1; done
  die "PostgreSQL does not answer on $host:$port; start it with: sudo pg_ctlcluster \$(ls /etc/postgresql) main start"
}

ensure_database() {
  local url="$1" host port user pass db
  host=$(url_part "$url" host); port=$(url_part "$url" port); user=$(url_part "$url" user)
  pass=$(url_part "$url" password); db=$(url_part "$url" db)
  [ -n "$db" ] || die "no database name in $url"
  have psql || apt_install postgresql-client || die "psql is missing: install 'postgresql-client'"
  local exists
  exists=$(PGPASSWORD="$pass" psql -h "$host" -p "$port" -U "${user:-postgres}" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null) \
    || die "cannot log in to PostgreSQL at $host:$port as '${user:-postgres}'; check the user and password in DATABASE_URL"
  if [ "$exists" != 1 ]; then
    say "creating database $db"
    PGPASSWORD="$pass" psql -h "$host" -p "$port" -U "${user:-postgres}" -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null \
      || die "cannot create database $db; create it yourself: createdb -h $host -p $port -U ${user:-postgres} $db"
  fi
}

redis_up() { redis-cli -h "$1" -p "$2" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  local url="${REDIS_URL:-redis://127.0.0.1:6379}"
  local host port
  host=$(url_part "$url" host); port=$(url_part "$url" port)
  have redis-cli || apt_install redis-server || apt_install redis-tools || die "Redis is missing: run 'sudo apt-get install redis-server'"
  if redis_up "$host" "$port"; then return 0; fi
  is_local "$host" || die "Redis at $host:$port does not answer; start it or fix REDIS_URL"
  have redis-server || apt_install redis-server || die "redis-server is missing: run 'sudo apt-get install redis-server'"
  say "starting Redis on 127.0.0.1:$port (nothing kept on disk)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis_up "$host" "$port" && return 0; sleep 0.5; done
  die "Redis does not answer on $host:$port; start it with: redis-server --daemonize yes --port $port"
}

# ensure_tool CMD PACKAGE: installs the Debian PACKAGE (without its recommends: docker-compose would pull in the
# whole Docker engine, prometheus its node exporter) when CMD is missing, as root. Without root or apt-get it only
# warns: the tests that need CMD then skip, saying why.
ensure_tool() {
  have "$1" && return 0
  if is_root && have apt-get; then
    say "installing $2 (apt-get, no recommends) for $1"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null; } \
      || true
  fi
  have "$1" || printf 'warning: %s is missing (Debian package %s); the tests that need it will be skipped\n' "$1" "$2" >&2
}
