#!/usr/bin/env bash
# Event-bus transport vs HTTP transport through the same proxy, in one JVM (role all) and across JVMs (a proxy
# JVM and one or three API JVMs): GET /api (the API's JSON index: dispatch, no database) with wrk: req/s, p99 and
# the CPU time per request of the whole layout (utime+stime of every process of it — all its JVMs, nginx's master
# and workers — over the round, divided by the requests wrk counted) per layout.
# Last, the stack this application replaces on the same cores: nginx (scripts/bench/nginx.conf: least_conn,
# keep-alive, limits that never bite, security headers, request id) in front of three API JVMs over HTTP.
#
#   scripts/bench/transport.sh                       # 64 connections, 3 rounds of 10 s after 20 s of warm-up
#   CONNS=128 ROUNDS=5 scripts/bench/transport.sh
#   LAYOUTS="four-jvm-bus nginx-three-api" scripts/bench/transport.sh   # a subset (names below), in this order
#
# Layouts: one-jvm-bus, one-jvm-http, two-jvm-bus, two-jvm-http, four-jvm-bus (a proxy JVM and three API JVMs,
# clustered event bus), four-jvm-http (the same JVMs, the proxy's http transport: PROXY_UPSTREAMS), nginx-three-api. Layouts with three API JVMs get three times the warm-up: each of those
# JVMs sees a third of the traffic.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/services.sh
. scripts/lib/bench.sh
need nginx nginx-light
bench_setup 20
ALL_LAYOUTS="one-jvm-bus one-jvm-http two-jvm-bus two-jvm-http four-jvm-bus four-jvm-http nginx-three-api"
LAYOUTS=${LAYOUTS:-$ALL_LAYOUTS}
for l in $LAYOUTS; do
  [[ " $ALL_LAYOUTS " == *" $l "* ]] || { echo "error: LAYOUTS: \"$l\" (expected some of: $ALL_LAYOUTS)" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stop_all; rm -rf "$work"' EXIT
JAVA=(java -XX:+UseParallelGC -Xms512m -Xmx512m -jar app/target/app-fat.jar)
PROXY_CONF='"proxy":{"host":"127.0.0.1","limits":{"api":{"rate":"1000000r/s","burst":100000}},"connections":{"perIp":0,"max":0},"accessLog":{"path":"off"}},"management":{"host":"127.0.0.1"}'
API_CONF='{"api":{"host":"127.0.0.1"},"management":{"host":"127.0.0.1"}}'

# start NAME ROLE [VAR=value...] -- [jar args]: one JVM in the background, logged to $work/NAME.log
start() {
  local name=$1 role=$2; shift 2
  local vars=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  env APP_ROLE="$role" "${vars[@]}" "${JAVA[@]}" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
}

# measure LABEL URL: warm-up, then ROUNDS of wrk, the CPU time of every process started for the layout read
# around each; prints the median req/s, the p99 of each round and the median CPU µs per request
results=()
measure() {
  local label=$1 url=$2 rps=() p99s=() cpus=() res a b d e
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$url")
  [ "$code" = 200 ] || { echo "error: $label: $url answered $code" >&2; tail -20 "$work"/*.log >&2; exit 1; }
  wrk -t1 -c"$CONNS" -d"${WARMUP}s" -H 'Accept: application/json' "$url" >/dev/null
  for r in $(seq 1 "$ROUNDS"); do
    res=$(wrk_round "${pids[*]}" -t1 -c"$CONNS" -d"${DURATION}s" -H 'Accept: application/json' "$url") \
      || { echo "error: $label" >&2; exit 1; }
    read -r a b d e <<<"$res"
    rps+=("$a"); p99s+=("$d"); cpus+=("$e")
    echo "  $label round $r: $a req/s, p99 $d ms, $e µs CPU/req (${#pids[@]} processes and their children)"
  done
  results+=("$(printf '| %-38s | %8.0f | %-21s | %10.1f |' "$label" "$(median "${rps[@]}")" "$(printf '%s ' "${p99s[@]}")" \
    "$(median "${cpus[@]}")")")
}

wait_node() { # until the proxy on PORT forwards (the API answered once)
  local url=$1 deadline=$(( $(date +%s) + 90 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$url")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "error: $url never answered 200" >&2; tail -30 "$work"/*.log >&2; exit 1; }
    sleep 0.3
  done
}

# wait_api_nodes MGMT_PORT N: until the proxy's apiNodes check (management /health) lists N API nodes that report
# a capacity, i.e. the proxy selects among all of them
wait_api_nodes() {
  local url="http://127.0.0.1:$1/health" n=$2 seen=0 deadline=$(( $(date +%s) + 120 ))
  until [ "$seen" -ge "$n" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "error: the proxy sees $seen of $n API nodes ($url)" >&2; tail -30 "$work"/*.log >&2; exit 1; }
    sleep 0.5
    seen=$(curl -s "$url" | python3 -c 'import json, sys
checks = json.load(sys.stdin).get("checks", [])
print(sum(1 for c in checks if c.get("id") == "apiNodes" for n in c.get("data", {}).get("nodes", []) if n.get("capacity", 0) > 0))' \
      2>/dev/null || echo 0)
  done
  echo "  the proxy sees $seen API nodes"
}

cluster="bench-$$"

layout_one-jvm-bus() {
  echo "==> one JVM (role all), event bus"
  local p m a; p=$(free_port); m=$(free_port); a=$(free_port)
  start all all PROXY_PORT="$p" MANAGEMENT_PORT="$m" PORT="$a" -- -conf "{$PROXY_CONF,\"api\":{\"host\":\"127.0.0.1\"}}"
  wait_node "http://127.0.0.1:$p/api"; measure "one JVM, event bus" "http://127.0.0.1:$p/api"
}

layout_one-jvm-http() {
  echo "==> one JVM (role all), HTTP to its own API port"
  local p m a; p=$(free_port); m=$(free_port); a=$(free_port)
  start all all PROXY_PORT="$p" MANAGEMENT_PORT="$m" PORT="$a" PROXY_UPSTREAMS="http://127.0.0.1:$a" -- \
    -conf "{$PROXY_CONF,\"api\":{\"host\":\"127.0.0.1\"}}"
  wait_node "http://127.0.0.1:$p/api"; measure "one JVM, HTTP" "http://127.0.0.1:$p/api"
}

# clustered_bus LABEL N: a proxy JVM and N API JVMs, -cluster with one cluster name, measured once the proxy sees
# all N; N > 1 gets N times the warm-up
clustered_bus() {
  local label=$1 n=$2 p m i
  for i in $(seq 1 "$n"); do
    start "api$i" api PORT="$(free_port)" MANAGEMENT_PORT="$(free_port)" -- -cluster -cluster-host 127.0.0.1 \
      -conf "{\"cluster\":{\"name\":\"$cluster-$n\"},\"api\":{\"host\":\"127.0.0.1\"},\"management\":{\"host\":\"127.0.0.1\"}}"
  done
  p=$(free_port); m=$(free_port)
  start proxy proxy PROXY_PORT="$p" MANAGEMENT_PORT="$m" -- -cluster -cluster-host 127.0.0.1 \
    -conf "{\"cluster\":{\"name\":\"$cluster-$n\"},$PROXY_CONF}"
  wait_node "http://127.0.0.1:$p/api"; wait_api_nodes "$m" "$n"
  WARMUP=$((WARMUP * n)) measure "$label" "http://127.0.0.1:$p/api"
}

layout_two-jvm-bus() {
  echo "==> two JVMs (proxy, API), clustered event bus"
  clustered_bus "two JVMs, clustered event bus" 1
}

layout_two-jvm-http() {
  echo "==> two JVMs (proxy, API), HTTP"
  local p m a; p=$(free_port); m=$(free_port); a=$(free_port)
  start api api PORT="$a" MANAGEMENT_PORT="$(free_port)" -- -conf "$API_CONF"
  start proxy proxy PROXY_PORT="$p" MANAGEMENT_PORT="$m" PROXY_UPSTREAMS="http://127.0.0.1:$a" -- -conf "{$PROXY_CONF}"
  wait_node "http://127.0.0.1:$p/api"; measure "two JVMs, HTTP" "http://127.0.0.1:$p/api"
}

layout_four-jvm-bus() {
  echo "==> four JVMs (proxy, three API), clustered event bus"
  clustered_bus "proxy + three API JVMs, clustered bus" 3
}

layout_four-jvm-http() {
  echo "==> four JVMs (proxy, three API), HTTP"
  local p m a1 a2 a3 a i
  p=$(free_port); m=$(free_port); a1=$(free_port); a2=$(free_port); a3=$(free_port)
  for i in 1 2 3; do
    eval "a=\$a$i"
    start "api$i" api PORT="$a" MANAGEMENT_PORT="$(free_port)" -- -conf "$API_CONF"
  done
  start proxy proxy PROXY_PORT="$p" MANAGEMENT_PORT="$m" \
    PROXY_UPSTREAMS="http://127.0.0.1:$a1,http://127.0.0.1:$a2,http://127.0.0.1:$a3" -- -conf "{$PROXY_CONF}"
  for a in $a1 $a2 $a3; do wait_node "http://127.0.0.1:$a/api"; done
  wait_node "http://127.0.0.1:$p/api"; WARMUP=$((WARMUP * 3)) measure "proxy + three API JVMs, HTTP" "http://127.0.0.1:$p/api"
}

layout_nginx-three-api() {
  echo "==> the replaced stack: nginx in front of three API JVMs (HTTP)"
  local n a1 a2 a3 a i
  n=$(free_port); a1=$(free_port); a2=$(free_port); a3=$(free_port)
  for i in 1 2 3; do
    eval "a=\$a$i"
    start "api$i" api PORT="$a" MANAGEMENT_PORT="$(free_port)" -- -conf "$API_CONF"
  done
  mkdir -p "$work/tmp"
  sed -e "s#@WORK@#$work#g" -e "s#@B1@#$a1#g" -e "s#@B2@#$a2#g" -e "s#@B3@#$a3#g" -e "s#@PORT@#$n#g" \
    scripts/bench/nginx.conf >"$work/nginx.conf"
  nginx -c "$work/nginx.conf" & pids+=($!)
  for a in $a1 $a2 $a3; do wait_node "http://127.0.0.1:$a/api"; done
  # each of the three JVMs sees a third of the warm-up traffic: three times as long warms them as much as one
  wait_node "http://127.0.0.1:$n/api"; WARMUP=$((WARMUP * 3)) measure "nginx + three API JVMs, HTTP" "http://127.0.0.1:$n/api"
}

for l in $LAYOUTS; do "layout_$l"; stop_all; done

printf '\nGET /api through the proxy, %s connections, wrk -t1, %s cores (median req/s of %s rounds; p99 ms of each round;\n' \
  "$CONNS" "$(nproc)" "$ROUNDS"
echo "median CPU µs per request of all the layout's processes)"
echo "| layout                                 |    req/s | p99 ms per round      | CPU µs/req |"
echo "|----------------------------------------|---------:|-----------------------|-----------:|"
printf '%s\n' "${results[@]}"
