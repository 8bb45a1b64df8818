#!/usr/bin/env bash
# Rate-limit conformance: the same limit_req configuration in nginx (Debian's package) and in our proxy, the same
# timed request pattern at both at once (scripts/conformance/drive.py), and the number of requests each accepted
# per phase. They must agree within 1 per phase; exit status 1 otherwise.
#
#   scripts/conformance/limit-req-vs-nginx.sh            # all scenarios
#   SCENARIOS="10r/s:5:nodelay" scripts/conformance/limit-req-vs-nginx.sh
#
# A scenario is rate:burst:mode (mode nodelay or delay). Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
need nginx nginx-light
need python3 python3
need curl curl
ensure_jar

SCENARIOS=${SCENARIOS:-"10r/s:5:nodelay 5r/s:0:nodelay 2r/s:3:nodelay 10r/s:10:delay"}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

fail=0
printf '%-18s %-24s %8s %8s %6s\n' scenario phase nginx ours diff
for scenario in $SCENARIOS; do
  IFS=: read -r rate burst mode <<<"$scenario"
  backend=$(free_port); front=$(free_port); ours=$(free_port); mgmt=$(free_port)
  nodelay=""; [ "$mode" = nodelay ] && nodelay=" nodelay"
  burstarg=""; [ "$burst" -gt 0 ] && burstarg=" burst=$burst" # nginx refuses burst=0 (its default)
  mkdir -p "$work/nginx"
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  limit_req_zone \$binary_remote_addr zone=conf:10m rate=$rate;
  limit_req_status 429;
  upstream backend { server 127.0.0.1:$backend; keepalive 8; }
  server { listen 127.0.0.1:$backend; location / { return 200 '{"ok":true}'; } }
  server {
    listen 127.0.0.1:$front;
    location /api/ { limit_req zone=conf$burstarg$nodelay; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://backend; }
  }
}
CONF
  nginx -c "$work/nginx.conf" & pids+=($!)
  overlay=$(printf '{"role":"proxy","proxy":{"limits":{"conf":{"rate":"%s","burst":%s,"nodelay":%s}},"routes":[{"prefix":"/api/","limit":"conf"}],"accessLog":{"path":"off"},"connections":{"perIp":0,"max":0},"gzip":{"enabled":false}}}' \
    "$rate" "$burst" "$([ "$mode" = nodelay ] && echo true || echo false)")
  PROXY_PORT=$ours MANAGEMENT_PORT=$mgmt PROXY_UPSTREAMS="http://127.0.0.1:$backend" \
    java -Xmx256m -jar app/target/app-fat.jar -conf "$overlay" >"$work/ours.log" 2>&1 & pids+=($!)
  wait_http "http://127.0.0.1:$front/api/warm" 30
  wait_http "http://127.0.0.1:$ours/health" 60
  # warm the JVM's request path (a cold first request is slow, which would widen the first gap), then let the
  # warm-up requests' buckets drain completely before the measured pattern
  python3 - "$front" "$ours" <<'PY'
import http.client, sys
for port in sys.argv[1:]:
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    for _ in range(300):
        c.request("GET", "/api/warm"); c.getresponse().read()
PY
  sleep 3
  result=$(python3 scripts/conformance/drive.py "nginx=127.0.0.1:$front" "ours=127.0.0.1:$ours")
  while IFS=$'\t' read -r phase n o; do
    d=$(( o > n ? o - n : n - o ))
    verdict=ok; [ "$d" -le 1 ] || { verdict=DIFFER; fail=1; }
    printf '%-18s %-24s %8s %8s %6s %s\n' "$rate b=$burst $mode" "$phase" "$n" "$o" "$d" "$verdict"
  done < <(python3 -c 'import json,sys
r=json.loads(sys.argv[1])
for phase,v in r.items(): print("%s\t%s\t%s" % (phase, v["nginx"][0], v["ours"][0]))' "$result")
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
[ "$fail" = 0 ] && echo "conformance: every phase agrees within 1 request" || echo "conformance: some phases differ by more than 1"
exit "$fail"
