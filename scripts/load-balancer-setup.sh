#!/usr/bin/env bash
# Operator's script for the load-balanced deployment: one proxy in front of N API nodes, one Vert.x cluster.
#
# With Docker (compose files in docker/, project name "interview"):
#   setup               logs/, logs/proxy/, uploads/, backups/, ssl/ (self-signed certificate for development),
#                       docker/.env from docker/.env.example
#   start               the load-balanced layout: proxy + app1..app3 + PostgreSQL, Redis, Prometheus, Grafana
#   start-scaled [N]    the scaled layout with N API replicas (default 3)
#   stop                stop and remove the containers (volumes are kept)
#   restart [N]         stop, then start the layout that ran last (scaled: with as many replicas, or N)
#   status              containers, then /health of the proxy and of every node
#   logs [SERVICE]      follow the logs (all services, or one: proxy, app1, app, postgres ...)
#   clean [--yes]       stop and delete the volumes too (database, uploads, metrics!) and the logs
#   backup              pg_dump of the running stack's database to backups/ (timestamped); without Docker,
#                       scripts/db-backup.sh on DATABASE_URL
#   bench [ARGS]        scripts/bench/proxy-vs-nginx.sh (proxy vs nginx and HAProxy; no Docker needed)
#
# Without Docker (the fat jar, on this machine's PostgreSQL and Redis):
#   start-local [N]     N API JVMs (APP_ROLE=api -cluster) and one proxy JVM (APP_ROLE=proxy -cluster), logs and
#                       pid files under logs/local/; waits until the proxy's /health is 200 and prints the URLs
#   status-local        each local JVM: alive?, its /health
#   stop-local          SIGTERM every local JVM (proxy first, so it drains), wait, report
#
# start-local environment (all optional):
#   PROXY_PORT (8080), PROXY_MANAGEMENT_PORT (9000), API_PORT_BASE (3001: node i gets base+i-1; 0 = any free port),
#   API_MANAGEMENT_PORT_BASE (9001, same rule), DATABASE_URL, REDIS_URL, JWT_SECRET, APP_ENV, ADMIN_TOKEN,
#   LOCAL_DIR (logs/local), LOCAL_CLUSTER_NAME (interview-local), LOCAL_CLUSTER_PORT (5701: first Hazelcast port),
#   LOCAL_CONF (a -conf overlay for every node instead of the generated one - it must set cluster.name),
#   LOCAL_JAVA_OPTS (-Xmx256m), APP_JAR (app/target/app-fat.jar, built when missing), LOCAL_START_TIMEOUT (180 s),
#   LOCAL_STOP_TIMEOUT (45 s).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/lib/services.sh

PROJECT=interview
LAYOUT_FILE="logs/.compose-layout"       # the layout that ran last (lb, scaled), for stop/restart/status
REPLICAS_FILE="logs/.compose-replicas"   # the scaled layout's replica count, for restart
APP_UID=10001     # the image's `app` user (docker/Dockerfile)

# ---------------------------------------------------------------------------------------------------- helpers
usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; }

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-3}" "$1" 2>/dev/null || true; }

# compose: `docker compose` (v2) when there, else docker-compose (v1)
compose_cmd() {
  if docker compose version >/dev/null 2>&1; then echo "docker compose"
  elif have docker-compose; then echo "docker-compose"
  else die "neither 'docker compose' nor 'docker-compose' is installed (https://docs.docker.com/compose/install/)"
  fi
}

need_docker() {
  have docker || die "docker is not installed. Install Docker Engine, or run the cluster without it: $0 start-local"
  docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' failed: is dockerd running, may this user use it?). Without Docker: $0 start-local"
  COMPOSE="$(compose_cmd)"
  # docker/Dockerfile uses RUN --mount (BuildKit): the default since Docker 23 and compose v2; older engines and
  # docker-compose v1 need these (v1 builds through the docker CLI only with COMPOSE_DOCKER_CLI_BUILD=1)
  export DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-1}" COMPOSE_DOCKER_CLI_BUILD="${COMPOSE_DOCKER_CLI_BUILD:-1}"
}

layout_file() {
  case "$1" in
    lb) echo docker/docker-compose.lb.yml ;;
    scaled) echo docker/docker-compose.scale.yml ;;
    http) echo docker/docker-compose.http.yml ;;
    *) die "unknown layout $1" ;;
  esac
}

current_layout() { cat "$LAYOUT_FILE" 2>/dev/null || echo lb; }

# setting NAME DEFAULT: what compose uses for ${NAME} - the environment, else docker/.env, else DEFAULT
setting() {
  local v="${!1:-}"
  [ -n "$v" ] || v=$(sed -n "s/^$1=//p" docker/.env 2>/dev/null | tail -1 | sed -e "s/^[\"']//" -e "s/[\"']\$//")
  echo "${v:-$2}"
}

dc() { # dc LAYOUT ARGS...: compose on one layout file, project "interview"
  local layout="$1"; shift
  $COMPOSE -p "$PROJECT" -f "$(layout_file "$layout")" "$@"
}

# ---------------------------------------------------------------------------------------------------- setup
cmd_setup() {
  mkdir -p logs logs/proxy logs/local uploads backups ssl
  # the proxy container writes access.log/error.log here as uid 10001
  if is_root; then chown "$APP_UID:$APP_UID" logs/proxy; else chmod 0777 logs/proxy; fi
  if [ ! -s ssl/cert.pem ] || [ ! -s ssl/key.pem ]; then
    have openssl || apt_install openssl || die "openssl is missing: install it to make the development certificate"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout ssl/key.pem -out ssl/cert.pem >/dev/null 2>&1 || die "openssl could not make ssl/cert.pem"
    # the key is for its owner only: the proxy container's user (uid 10001) when we may give it away
    chmod 0644 ssl/cert.pem
    chmod 0600 ssl/key.pem
    if is_root; then
      chown "$APP_UID:$APP_UID" ssl/key.pem
    else
      say "ssl/key.pem is yours with mode 0600: the proxy container (uid $APP_UID) reads it only after 'sudo chown $APP_UID ssl/key.pem'"
    fi
    say "made a self-signed certificate for localhost in ssl/ (development only)"
  fi
  if [ ! -f docker/.env ]; then
    cp docker/.env.example docker/.env
    say "wrote docker/.env from docker/.env.example (development defaults: change the secrets for production)"
  fi
  say "setup done: logs/ logs/proxy/ uploads/ backups/ ssl/ docker/.env"
}

# ---------------------------------------------------------------------------------------------------- docker
wait_public_health() {
  local port; port="$(setting HTTP_PORT 80)"
  local deadline=$(( $(date +%s) + ${1:-180} ))
  say "waiting for http://localhost:$port/health"
  until [ "$(http_code "http://localhost:$port/health")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { printf 'warning: /health is not 200 yet; see: %s status, %s logs proxy\n' "$0" "$0" >&2; return 1; }
    sleep 2
  done
  print_docker_urls "$port"
}

print_docker_urls() {
  cat <<EOF
==> running:
    API (proxy)     http://localhost:$1/api        (https://localhost:$(setting HTTPS_PORT 443)/ with the dev certificate)
    health          http://localhost:$1/health
    API docs        http://localhost:$1/api/openapi.yaml
    uploads         http://localhost:$1/uploads/
    Prometheus      http://localhost:$(setting PROMETHEUS_PORT 9090)/
    Grafana         http://localhost:$(setting GRAFANA_PORT 3001)/   (admin / GRAFANA_ADMIN_PASSWORD from docker/.env)
EOF
}

cmd_start() {
  need_docker
  [ -s ssl/cert.pem ] && [ -d logs/proxy ] && [ -f docker/.env ] || cmd_setup
  echo lb > "$LAYOUT_FILE"
  dc lb up -d --build
  wait_public_health 240 || true
}

cmd_start_scaled() {
  local n="${1:-3}"
  case "$n" in ''|*[!0-9]*|0) die "start-scaled needs a replica count >= 1, not '$n'" ;; esac
  need_docker
  [ -s ssl/cert.pem ] && [ -d logs/proxy ] && [ -f docker/.env ] || cmd_setup
  echo scaled > "$LAYOUT_FILE"
  echo "$n" > "$REPLICAS_FILE"
  dc scaled up -d --build --scale "app=$n"
  wait_public_health 240 || true
}

cmd_stop() {
  need_docker
  # --remove-orphans: whatever layout ran (same project), its containers go
  dc "$(current_layout)" down --remove-orphans
}

cmd_restart() {
  local layout; layout="$(current_layout)"
  cmd_stop
  case "$layout" in
    scaled) cmd_start_scaled "${1:-$(cat "$REPLICAS_FILE" 2>/dev/null || echo 3)}" ;;
    *) cmd_start ;;
  esac
}

cmd_status() {
  need_docker
  local layout; layout="$(current_layout)"
  dc "$layout" ps
  local port; port="$(setting HTTP_PORT 80)"
  printf '\npublic  http://localhost:%s/health -> %s\n' "$port" "$(http_code "http://localhost:$port/health")"
  local svc id
  for svc in $(dc "$layout" ps --services 2>/dev/null); do
    case "$svc" in proxy|app*) ;; *) continue ;; esac
    for id in $(dc "$layout" ps -q "$svc"); do
      local name detail ready
      name=$(docker inspect -f '{{.Name}}' "$id" | sed 's#^/##')
      ready=$(docker exec "$id" curl -s -o /dev/null -w '%{http_code}' --max-time 3 http://127.0.0.1:9000/health/ready 2>/dev/null || echo "-")
      detail=$(docker exec "$id" curl -s --max-time 3 http://127.0.0.1:9000/health 2>/dev/null || echo "(no answer)")
      printf '%-28s ready=%s  %s\n' "$name" "$ready" "$detail"
    done
  done
}

cmd_logs() {
  need_docker
  dc "$(current_layout)" logs --tail=200 -f "$@"
}

cmd_clean() {
  local yes=false
  [ "${1:-}" = --yes ] && yes=true
  if ! $yes; then
    [ -t 0 ] || die "clean deletes the database, uploads and metrics volumes: pass --yes"
    printf 'Delete the containers AND the volumes (database, uploads, Prometheus, Grafana, backups) and logs/? [y/N] ' >&2
    read -r answer; [ "$answer" = y ] || [ "$answer" = Y ] || die "nothing deleted"
  fi
  if have docker && docker info >/dev/null 2>&1; then
    COMPOSE="$(compose_cmd)"
    dc "$(current_layout)" down --volumes --remove-orphans
  else
    say "no Docker engine: only local files are cleaned"
  fi
  [ -d "${LOCAL_DIR:-logs/local}/pids" ] && [ -n "$(ls -A "${LOCAL_DIR:-logs/local}/pids" 2>/dev/null)" ] && cmd_stop_local
  rm -rf logs/proxy/* logs/local "$LAYOUT_FILE" "$REPLICAS_FILE"
  say "cleaned (ssl/, uploads/ and backups/ on this machine are kept)"
}

cmd_backup() {
  mkdir -p backups
  if have docker && docker info >/dev/null 2>&1 && COMPOSE="$(compose_cmd)" \
     && [ -n "$(dc "$(current_layout)" ps -q postgres 2>/dev/null)" ]; then
    local file
    file="backups/interview_db-$(date -u +%Y%m%dT%H%M%SZ).dump"
    say "pg_dump in the postgres container -> $file"
    dc "$(current_layout)" exec -T postgres pg_dump -U interview --format=custom --no-owner --no-privileges interview_db > "$file.partial" \
      || { rm -f "$file.partial"; die "pg_dump failed"; }
    mv "$file.partial" "$file"
    say "wrote $file; restore: DATABASE_URL=... scripts/db-restore.sh $file (or see README, Backups)"
  else
    say "no running compose stack: scripts/db-backup.sh on DATABASE_URL"
    BACKUP_DIR="${BACKUP_DIR:-$ROOT/backups}" exec bash scripts/db-backup.sh
  fi
}

cmd_bench() {
  exec bash scripts/bench/proxy-vs-nginx.sh "$@"
}

# ---------------------------------------------------------------------------------------------------- local JVMs
LOCAL_DIR="${LOCAL_DIR:-logs/local}"
PID_DIR="$LOCAL_DIR/pids"

# is_ours PID: alive and running our jar (a recycled pid is never signalled)
is_ours() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -q 'app-fat.jar'
}

# running PID: a child this script just started is alive and not a zombie. Not is_ours: until the forked shell has
# exec'd java (a moment on a busy machine) its command line is this script's, yet the process is ours all the same.
running() {
  local state
  state=$( { sed -E 's/.*\) ([A-Z]).*/\1/' "/proc/$1/stat"; } 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# log_port FILE WHAT: the port a node printed for "WHAT listening on http://host:PORT" (0 when not yet)
log_port() {
  sed -n "s#.*$2 listening on http://[^ ]*:\([0-9][0-9]*\).*#\1#p" "$1" 2>/dev/null | tail -1
}

port_for() { # port_for BASE INDEX: BASE+INDEX-1, or 0 (any free port) when BASE is 0
  if [ "$1" = 0 ]; then echo 0; else echo $(( $1 + $2 - 1 )); fi
}

start_jvm() { # start_jvm NAME ROLE PROXY_PORT API_PORT MANAGEMENT_PORT
  local name="$1" log="$LOCAL_DIR/$1.log"
  : > "$log"
  # nohup + no terminal: the JVMs outlive this script; stdout/stderr (the node's log) go to the file
  # PROXY_UPSTREAMS would switch the proxy to the http transport: these nodes talk over the cluster
  env -u PROXY_UPSTREAMS APP_ROLE="$2" PROXY_PORT="$3" PORT="$4" MANAGEMENT_PORT="$5" CLUSTER_MEMBERS=127.0.0.1 \
    nohup java ${LOCAL_JAVA_OPTS:--Xmx256m} -jar "$JAR" -cluster -cluster-host 127.0.0.1 -conf "$LOCAL_OVERLAY" \
    </dev/null >>"$log" 2>&1 &
  echo $! > "$PID_DIR/$name.pid"
  say "started $name (role $2, pid $!, log $log)"
}

# wait_node NAME: until its management port answers /health/ready 200; fails when the JVM dies or time is up
wait_node() {
  local name="$1" log="$LOCAL_DIR/$1.log" pid mport
  pid=$(cat "$PID_DIR/$name.pid")
  while :; do
    running "$pid" || {
      local rc=0; wait "$pid" 2>/dev/null || rc=$?
      printf 'error: %s (pid %s) exited (status %s); last lines of %s:\n' "$name" "$pid" "$rc" "$log" >&2
      tail -n 20 "$log" >&2; return 1; }
    mport=$(log_port "$log" management)
    if [ -n "$mport" ] && [ "$(http_code "http://127.0.0.1:$mport/health/ready")" = 200 ]; then
      echo "$mport" > "$PID_DIR/$name.management"
      return 0
    fi
    [ "$(date +%s)" -lt "$DEADLINE" ] || { printf 'error: %s not ready within %s s; see %s\n' "$name" "$START_TIMEOUT" "$log" >&2; return 1; }
    sleep 0.5
  done
}

cmd_start_local() {
  local n="${1:-2}"
  case "$n" in ''|*[!0-9]*|0) die "start-local needs a count of API nodes >= 1, not '$n'" ;; esac
  mkdir -p "$PID_DIR"
  local f
  for f in "$PID_DIR"/*.pid; do
    [ -e "$f" ] || continue
    is_ours "$(cat "$f")" && die "local nodes are already running ($(basename "$f" .pid) pid $(cat "$f")); run: $0 stop-local"
    rm -f "$f" "${f%.pid}.management"
  done
  have java || die "java is missing: install a JDK 17 (scripts/run.sh does it as root)"
  have curl || apt_install curl || die "curl is missing"
  ensure_postgres
  ensure_redis
  ensure_database "${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/interview_db}"
  JAR="${APP_JAR:-app/target/app-fat.jar}"
  if [ ! -f "$JAR" ]; then
    say "building $JAR"
    have mvn || die "$JAR is missing and Maven is not installed"
    mvn -B -q -DskipTests package
  fi
  if [ -n "${LOCAL_CONF:-}" ]; then
    LOCAL_OVERLAY="$LOCAL_CONF"
  else
    # the cluster's own name and first port: other clusters on this machine (tests, other checkouts) stay apart
    LOCAL_OVERLAY="$LOCAL_DIR/cluster.json"
    printf '{"cluster":{"name":"%s","port":%s}}\n' "${LOCAL_CLUSTER_NAME:-interview-local}" "${LOCAL_CLUSTER_PORT:-5701}" > "$LOCAL_OVERLAY"
  fi
  START_TIMEOUT="${LOCAL_START_TIMEOUT:-180}"
  DEADLINE=$(( $(date +%s) + START_TIMEOUT ))

  local i api_base="${API_PORT_BASE:-3001}" mgmt_base="${API_MANAGEMENT_PORT_BASE:-9001}"
  for i in $(seq 1 "$n"); do
    start_jvm "api-$i" api 0 "$(port_for "$api_base" "$i")" "$(port_for "$mgmt_base" "$i")"
  done
  # the API nodes first, ready (database, Redis, cluster): then the proxy has somewhere to send from its first request
  for i in $(seq 1 "$n"); do
    wait_node "api-$i" || { cmd_stop_local; die "start-local failed: api-$i did not come up"; }
  done
  start_jvm proxy proxy "${PROXY_PORT:-8080}" 0 "${PROXY_MANAGEMENT_PORT:-9000}"
  wait_node proxy || { cmd_stop_local; die "start-local failed: the proxy did not come up"; }
  local pport
  pport=$(log_port "$LOCAL_DIR/proxy.log" proxy)
  echo "$pport" > "$PID_DIR/proxy.port"
  say "waiting for http://127.0.0.1:$pport/health"
  until [ "$(http_code "http://127.0.0.1:$pport/health")" = 200 ]; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { cmd_stop_local; die "the proxy's /health is not 200 within $START_TIMEOUT s"; }
    sleep 0.5
  done
  # a request through the proxy reaches an API node over the clustered event bus (502 until the proxy sees one)
  until [ "$(http_code "http://127.0.0.1:$pport/api")" = 200 ]; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { say "warning: GET /api through the proxy is not 200 yet; see $LOCAL_DIR/proxy.log"; break; }
    sleep 0.5
  done
  cat <<EOF
==> $n API node(s) and a proxy running, one cluster ("${LOCAL_CLUSTER_NAME:-interview-local}"); logs in $LOCAL_DIR/
    API (proxy)     http://127.0.0.1:$pport/api
    health          http://127.0.0.1:$pport/health
    API docs        http://127.0.0.1:$pport/api/openapi.yaml
    uploads         http://127.0.0.1:$pport/uploads/
    proxy metrics   http://127.0.0.1:$(cat "$PID_DIR/proxy.management")/metrics   (/health for every check)
EOF
  for i in $(seq 1 "$n"); do
    printf '    api-%s metrics    http://127.0.0.1:%s/metrics\n' "$i" "$(cat "$PID_DIR/api-$i.management")"
  done
  echo "    stop with: $0 stop-local"
}

cmd_stop_local() {
  [ -d "$PID_DIR" ] || { say "no local nodes (no $PID_DIR)"; return 0; }
  local timeout="${LOCAL_STOP_TIMEOUT:-45}" f name pid order=()
  # the proxy first: it stops taking requests and finishes its in-flight ones while the API nodes still answer
  [ -f "$PID_DIR/proxy.pid" ] && order+=("$PID_DIR/proxy.pid")
  for f in "$PID_DIR"/api-*.pid; do [ -e "$f" ] && order+=("$f"); done
  [ ${#order[@]} -gt 0 ] || { say "no local nodes running"; return 0; }
  local status=0
  for f in "${order[@]}"; do
    name=$(basename "$f" .pid); pid=$(cat "$f")
    if ! is_ours "$pid"; then
      say "$name (pid $pid) was not running"
    else
      kill -TERM "$pid" 2>/dev/null || true
      local waited=0
      while is_ours "$pid" && [ "$waited" -lt $(( timeout * 10 )) ]; do sleep 0.1; waited=$(( waited + 1 )); done
      if is_ours "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
        say "$name (pid $pid) did not stop within $timeout s after SIGTERM: killed"
        status=1
      else
        say "stopped $name (pid $pid) in $(( waited / 10 )).$(( waited % 10 )) s"
      fi
    fi
    rm -f "$f" "${f%.pid}.management" "${f%.pid}.port"
  done
  return $status
}

cmd_status_local() {
  [ -d "$PID_DIR" ] || { say "no local nodes"; return 0; }
  local f name pid m found=false
  for f in "$PID_DIR"/*.pid; do
    [ -e "$f" ] || continue
    found=true
    name=$(basename "$f" .pid); pid=$(cat "$f")
    if is_ours "$pid"; then
      m=$(cat "${f%.pid}.management" 2>/dev/null || true)
      printf '%-8s pid %-7s up    %s\n' "$name" "$pid" "$([ -n "$m" ] && curl -s --max-time 3 "http://127.0.0.1:$m/health" || echo '(management port unknown)')"
    else
      printf '%-8s pid %-7s DOWN  (see %s/%s.log)\n' "$name" "$pid" "$LOCAL_DIR" "$name"
    fi
  done
  $found || say "no local nodes"
}

# ---------------------------------------------------------------------------------------------------- main
cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  setup) cmd_setup ;;
  start) cmd_start ;;
  start-scaled) cmd_start_scaled "$@" ;;
  stop) cmd_stop ;;
  restart) cmd_restart "$@" ;;
  status) cmd_status ;;
  logs) cmd_logs "$@" ;;
  clean) cmd_clean "$@" ;;
  backup) cmd_backup ;;
  bench) cmd_bench "$@" ;;
  start-local) cmd_start_local "$@" ;;
  stop-local) cmd_stop_local ;;
  status-local) cmd_status_local ;;
  ""|-h|--help|help) usage ;;
  *) usage >&2; die "unknown command '$cmd'" ;;
esac
