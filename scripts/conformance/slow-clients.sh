#!/usr/bin/env bash
# Slow-client attacks against the proxy with its default configuration: Debian's slowhttptest in slowloris (-H),
# slow-body (-B) and slow-read (-X) modes, DURATION seconds each (60 by default), from 127.0.0.1, while a second
# client on another loopback address (127.0.0.2) probes /health and /api/ping every second. Prints slowhttptest's
# verdict and the probes' 200 counts per mode; exit status 1 when any probe failed.
#
#   scripts/conformance/slow-clients.sh                 # all three modes, 60 s each
#   MODES="H" DURATION=30 scripts/conformance/slow-clients.sh
#
# The upstream is an nginx on 127.0.0.1 (a small answer, and a 1 MiB one for the slow reader); our proxy runs in
# role proxy on the http transport with conf/app.yaml's defaults (limits, timeouts, 20 connections per address).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
need slowhttptest slowhttptest
need nginx nginx-light
need curl curl
ensure_jar

MODES=${MODES:-"H B X"}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-1000}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

backend=$(free_port); ours=$(free_port); mgmt=$(free_port)
mkdir -p "$work/nginx" "$work/www/api"
head -c 1048576 /dev/zero >"$work/www/api/big"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$backend;
    root $work/www;
    location = /api/big { default_type application/octet-stream; }
    location / { return 200 '{"ok":true}'; }
  }
}
CONF
nginx -c "$work/nginx.conf" & pids+=($!)
overlay='{"role":"proxy","proxy":{"accessLog":{"path":"off"}}}'
PROXY_PORT=$ours MANAGEMENT_PORT=$mgmt PROXY_UPSTREAMS="http://127.0.0.1:$backend" \
  java -Xmx512m -jar app/target/app-fat.jar -conf "$overlay" >"$work/ours.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$backend/" 30
wait_http "http://127.0.0.1:$ours/health" 60

# probe PATH: one GET per second from 127.0.0.2 for DURATION seconds; prints "ok total"
probe() {
  local ok=0 total=0 end=$(( $(date +%s) + DURATION ))
  while [ "$(date +%s)" -lt "$end" ]; do
    for path in /health /api/ping; do
      code=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 --max-time 2 "http://127.0.0.1:$ours$path" || true)
      total=$((total + 1))
      [ "$code" = 200 ] && ok=$((ok + 1))
    done
    sleep 1
  done
  echo "$ok $total"
}

fail=0
for mode in $MODES; do
  case "$mode" in
    H) args=(-H -c "$CONNECTIONS" -r 200 -i 10 -u "http://127.0.0.1:$ours/api/ping"); name="slowloris" ;;
    B) args=(-B -c "$CONNECTIONS" -r 200 -i 10 -s 8192 -u "http://127.0.0.1:$ours/api/ping"); name="slow body" ;;
    X) args=(-X -c "$CONNECTIONS" -r 200 -w 512 -y 1024 -n 5 -z 32 -k 3 -u "http://127.0.0.1:$ours/api/big"); name="slow read" ;;
    *) echo "unknown mode $mode (H, B or X)" >&2; exit 2 ;;
  esac
  slowhttptest "${args[@]}" -l "$DURATION" -p 3 >"$work/slow-$mode.log" 2>&1 &
  attacker=$!
  sleep 2 # the attack ramps up before the probes start
  read -r ok total < <(probe)
  wait "$attacker" || true
  verdict=$(grep -E "service available|Exit status" "$work/slow-$mode.log" | tail -2 | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' ' | tr '\n' ';' || true)
  echo "slowhttptest -$mode ($name, $CONNECTIONS connections, ${DURATION}s): ${verdict:-no verdict printed}"
  echo "  probes from 127.0.0.2: $ok of $total answered 200"
  [ "$ok" = "$total" ] || fail=1
done
cut=$(curl -s "http://127.0.0.1:$mgmt/metrics" | grep -E '^proxy_client_timeouts_total|^proxy_connections_rejected_total' || true)
echo "proxy counters after the attacks:"
echo "$cut" | sed 's/^/  /'
[ "$fail" = 0 ] && echo "slow clients: every probe from the other address was served" || echo "slow clients: some probes failed"
exit "$fail"
