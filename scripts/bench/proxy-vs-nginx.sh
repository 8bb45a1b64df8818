#!/usr/bin/env bash
# Throughput and latency of our proxy against nginx and HAProxy, on the same three fast backends (nginx
# `return 200`, ~200 B of JSON), each proxy doing the same work: least-connections over keep-alive upstream
# connections, a rate limit that never rejects (so its code runs), a per-IP connection limit that never bites,
# the four security headers and a request id. wrk -t1 at 64 and 256 connections, rounds interleaved, medians.
#
#   scripts/bench/proxy-vs-nginx.sh                  # 5 rounds of 5 s per target and load
#   ROUNDS=3 DURATION=5s CONNS="64 256" scripts/bench/proxy-vs-nginx.sh
#   JAVA_OPTS="-XX:+UseG1GC" scripts/bench/proxy-vs-nginx.sh
#
# Rounds vary by 10-25 % on a shared 2-core box: compare ratios measured in one run, not absolute figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
need nginx nginx-light
need haproxy haproxy
need wrk wrk
need curl curl
ensure_jar

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-"64 256"}
WARMUP=${WARMUP:-15}
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseParallelGC -Xms512m -Xmx512m"}
work=$(mktemp -d)
pids=()
cleanup() { [ -n "${KEEP:-}" ] && { echo "kept $work"; return; }; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

b1=$(free_port); b2=$(free_port); b3=$(free_port)
p_nginx=$(free_port); p_haproxy=$(free_port); p_ours=$(free_port); p_mgmt=$(free_port)
mkdir -p "$work/tmp"
sed -e "s#@WORK@#$work#g" -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" scripts/bench/backends.conf >"$work/backends.conf"
sed -e "s#@WORK@#$work#g" -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" -e "s#@PORT@#$p_nginx#g" \
  scripts/bench/nginx.conf >"$work/nginx.conf"
sed -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" -e "s#@PORT@#$p_haproxy#g" scripts/bench/haproxy.cfg >"$work/haproxy.cfg"

nginx -c "$work/backends.conf" & pids+=($!)
nginx -c "$work/nginx.conf" & pids+=($!)
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 & pids+=($!)
# shellcheck disable=SC2086
PROXY_PORT=$p_ours MANAGEMENT_PORT=$p_mgmt PROXY_UPSTREAMS="http://127.0.0.1:$b1,http://127.0.0.1:$b2,http://127.0.0.1:$b3" \
  java $JAVA_OPTS -jar app/target/app-fat.jar -conf scripts/bench/ours.yaml >"$work/ours.log" 2>&1 & pids+=($!)

declare -A url=([nginx]="http://127.0.0.1:$p_nginx/api/bench" [haproxy]="http://127.0.0.1:$p_haproxy/api/bench"
  [ours]="http://127.0.0.1:$p_ours/api/bench")
for t in nginx haproxy ours; do wait_http "${url[$t]}" 60; done
for t in nginx haproxy ours; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${url[$t]}")
  [ "$code" = 200 ] || { echo "error: $t answers $code" >&2; tail -20 "$work/ours.log" >&2; exit 1; }
done

echo "==> warm-up ${WARMUP}s per target (the JVM needs it; the others get the same)"
for t in ours nginx haproxy; do wrk -t1 -c64 -d"${WARMUP}s" "${url[$t]}" >/dev/null; done

# to_ms VALUE: wrk latency (e.g. 812.00us, 2.31ms, 1.02s) in milliseconds
to_ms() { awk -v v="$1" 'BEGIN{ n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

declare -A rps p50 p99
for c in $CONNS; do
  for r in $(seq 1 "$ROUNDS"); do
    for t in nginx haproxy ours; do
      out=$(wrk -t1 -c"$c" -d"$DURATION" --latency "${url[$t]}")
      non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
      [ -z "$non2xx" ] || { echo "error: $t answered $non2xx non-2xx responses at $c connections" >&2; exit 1; }
      rps[$t,$c]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
      p50[$t,$c]+="$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")") "
      p99[$t,$c]+="$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")") "
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '\n%-8s %6s %12s %9s %9s %10s %10s\n' proxy conns "req/s" "p50 ms" "p99 ms" "vs nginx" "p99 ratio"
for c in $CONNS; do
  base=$(median <<<"${rps[nginx,$c]}"); base99=$(median <<<"${p99[nginx,$c]}")
  for t in nginx haproxy ours; do
    m=$(median <<<"${rps[$t,$c]}"); l50=$(median <<<"${p50[$t,$c]}"); l99=$(median <<<"${p99[$t,$c]}")
    printf '%-8s %6s %12.0f %9.2f %9.2f %10.2f %10.2f\n' "$t" "$c" "$m" "$l50" "$l99" \
      "$(awk -v a="$m" -v b="$base" 'BEGIN{print a/b}')" "$(awk -v a="$l99" -v b="$base99" 'BEGIN{print a/b}')"
  done
done
echo "(medians of $ROUNDS interleaved rounds of $DURATION, wrk -t1; $(nproc) cores; JAVA_OPTS=$JAVA_OPTS)"
