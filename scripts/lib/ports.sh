#!/usr/bin/env bash
# free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL [SECONDS]: waits until URL answers at all (any status).
wait_http() {
  local url="$1" deadline=$(( $(date +%s) + ${2:-60} ))
  until curl -s -o /dev/null "$url"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timeout waiting for $url" >&2; return 1; }
    sleep 0.2
  done
}

# need CMD PACKAGE: installs PACKAGE with apt-get (as root) when CMD is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing $2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is missing; install the '$2' package" >&2; exit 1; }
}

# ensure_jar: builds app/target/app-fat.jar when missing.
ensure_jar() {
  [ -f app/target/app-fat.jar ] || mvn -B -q -DskipTests package
}
