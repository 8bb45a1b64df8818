#!/usr/bin/env bash
# Event-bus transport vs HTTP transport through the same proxy, in one JVM (role all) and across JVMs (a proxy
# JVM and an API JVM): GET /api (the API's JSON index: dispatch, no database) with wrk, req/s and p99 per layout.
# Last, the stack this application replaces on the same cores: nginx (scripts/bench/nginx.conf: least_conn,
# keep-alive, limits that never bite, security headers, request id) in front of three API JVMs over HTTP.
#
#   scripts/bench/transport.sh                       # 64 connections, 3 rounds of 10 s after 20 s of warm-up
#   CONNS=128 ROUNDS=5 scripts/bench/transport.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/services.sh
. scripts/lib/bench.sh
need nginx nginx-light
bench_setup 20

work=$(mktemp -d)
pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stop_all; rm -rf "$work"' EXIT
JAVA=(java -XX:+UseParallelGC -Xms512m -Xmx512m -jar app/target/app-fat.jar)
PROXY_CONF='"proxy":{"host":"127.0.0.1","limits":{"api":{"rate":"1000000r/s","burst":100000}},"connections":{"perIp":0,"max":0},"accessLog":{"path":"off"}},"management":{"host":"127.0.0.1"}'

# start NAME ROLE [VAR=value...] -- [jar args]: one JVM in the background, logged to $work/NAME.log
start() {
  local name=$1 role=$2; shift 2
  local vars=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  env APP_ROLE="$role" "${vars[@]}" "${JAVA[@]}" "$@" >"$work/$name.log" 2>&1 & pids+=($!)
}

# measure LABEL URL: warm-up, then ROUNDS of wrk; prints the median req/s and p99
results=()
measure() {
  local label=$1 url=$2 rps=() p99s=() out
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$url")
  [ "$code" = 200 ] || { echo "error: $label: $url answered $code" >&2; tail -20 "$work"/*.log >&2; exit 1; }
  wrk -t1 -c"$CONNS" -d"${WARMUP}s" -H 'Accept: application/json' "$url" >/dev/null
  for r in $(seq 1 "$ROUNDS"); do
    out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H 'Accept: application/json' "$url")
    if grep -q Non-2xx <<<"$out"; then echo "error: $label: $(grep Non-2xx <<<"$out")" >&2; exit 1; fi
    rps+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
    p99s+=("$(awk '$1=="99%" {print $2}' <<<"$out")")
    echo "  $label round $r: ${rps[-1]} req/s, p99 ${p99s[-1]}"
  done
  local m; m=$(printf '%s\n' "${rps[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  results+=("$(printf '| %-32s | %8.0f | %-18s |' "$label" "$m" "$(printf '%s ' "${p99s[@]}")")")
}

wait_node() { # until the proxy on PORT forwards (the API answered once)
  local url=$1 deadline=$(( $(date +%s) + 90 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$url")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "error: $url never answered 200" >&2; tail -30 "$work"/*.log >&2; exit 1; }
    sleep 0.3
  done
}

echo "==> one JVM (role all), event bus"
p=$(free_port); m=$(free_port); a=$(free_port)
start all all PROXY_PORT=$p MANAGEMENT_PORT=$m PORT=$a -- -conf "{$PROXY_CONF,\"api\":{\"host\":\"127.0.0.1\"}}"
wait_node "http://127.0.0.1:$p/api"; measure "one JVM, event bus" "http://127.0.0.1:$p/api"; stop_all

echo "==> one JVM (role all), HTTP to its own API port"
p=$(free_port); m=$(free_port); a=$(free_port)
start all all PROXY_PORT=$p MANAGEMENT_PORT=$m PORT=$a PROXY_UPSTREAMS="http://127.0.0.1:$a" -- \
  -conf "{$PROXY_CONF,\"api\":{\"host\":\"127.0.0.1\"}}"
wait_node "http://127.0.0.1:$p/api"; measure "one JVM, HTTP" "http://127.0.0.1:$p/api"; stop_all

cluster="bench-$$"
echo "==> two JVMs (proxy, API), clustered event bus"
p=$(free_port); m=$(free_port); a=$(free_port); m2=$(free_port)
start api api PORT=$a MANAGEMENT_PORT=$m2 -- -cluster -cluster-host 127.0.0.1 \
  -conf "{\"cluster\":{\"name\":\"$cluster\"},\"api\":{\"host\":\"127.0.0.1\"},\"management\":{\"host\":\"127.0.0.1\"}}"
start proxy proxy PROXY_PORT=$p MANAGEMENT_PORT=$m -- -cluster -cluster-host 127.0.0.1 \
  -conf "{\"cluster\":{\"name\":\"$cluster\"},$PROXY_CONF}"
wait_node "http://127.0.0.1:$p/api"; measure "two JVMs, clustered event bus" "http://127.0.0.1:$p/api"; stop_all

echo "==> two JVMs (proxy, API), HTTP"
p=$(free_port); m=$(free_port); a=$(free_port); m2=$(free_port)
start api api PORT=$a MANAGEMENT_PORT=$m2 -- -conf '{"api":{"host":"127.0.0.1"},"management":{"host":"127.0.0.1"}}'
start proxy proxy PROXY_PORT=$p MANAGEMENT_PORT=$m PROXY_UPSTREAMS="http://127.0.0.1:$a" -- -conf "{$PROXY_CONF}"
wait_node "http://127.0.0.1:$p/api"; measure "two JVMs, HTTP" "http://127.0.0.1:$p/api"; stop_all

echo "==> the replaced stack: nginx in front of three API JVMs (HTTP)"
n=$(free_port); a1=$(free_port); a2=$(free_port); a3=$(free_port)
for i in 1 2 3; do
  eval "port=\$a$i"
  start "api$i" api PORT="$port" MANAGEMENT_PORT="$(free_port)" -- -conf '{"api":{"host":"127.0.0.1"},"management":{"host":"127.0.0.1"}}'
done
mkdir -p "$work/tmp"
sed -e "s#@WORK@#$work#g" -e "s#@B1@#$a1#g" -e "s#@B2@#$a2#g" -e "s#@B3@#$a3#g" -e "s#@PORT@#$n#g" \
  scripts/bench/nginx.conf >"$work/nginx.conf"
nginx -c "$work/nginx.conf" & pids+=($!)
for a in $a1 $a2 $a3; do wait_node "http://127.0.0.1:$a/api"; done
# each of the three JVMs sees a third of the warm-up traffic: three times as long warms them as much as one
wait_node "http://127.0.0.1:$n/api"; WARMUP=$((WARMUP * 3)) measure "nginx + three API JVMs, HTTP" "http://127.0.0.1:$n/api"
stop_all

printf '\nGET /api through the proxy, %s connections, wrk -t1, %s cores (median req/s of %s rounds; p99 of each round)\n' \
  "$CONNS" "$(nproc)" "$ROUNDS"
echo "| layout                           |    req/s | p99                |"
echo "|----------------------------------|---------:|--------------------|"
printf '%s\n' "${results[@]}"
