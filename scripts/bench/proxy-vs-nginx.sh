#!/usr/bin/env bash
# Throughput and latency of our proxy against nginx and HAProxy, on the same three fast backends (nginx
# `return 200`, ~200 B of JSON), each proxy doing the same work: least-connections over keep-alive upstream
# connections, a rate limit that never rejects (so its code runs), a per-IP connection limit that never bites,
# the four security headers and a request id. wrk -t1 at 64 and 256 connections, rounds interleaved, medians.
# Beside req/s, p50 and p99, each round gives each proxy's CPU time per request: utime+stime of its processes
# (nginx: master and workers of the proxy nginx, not the backends'; HAProxy: its process; ours: the JVM) over
# the round, divided by the requests wrk counted in it.
#
#   scripts/bench/proxy-vs-nginx.sh                  # 5 rounds of 5 s per target and load
#   ROUNDS=3 DURATION=5s CONNS="64 256" scripts/bench/proxy-vs-nginx.sh
#   JAVA_OPTS="-XX:+UseG1GC" scripts/bench/proxy-vs-nginx.sh
#   CONTENDERS=vertx-http-proxy scripts/bench/proxy-vs-nginx.sh     # + Vert.x's HttpProxy (benchmarks module)
#   OURS_VARIANTS="ours:-conf scripts/bench/ours.yaml;ours-new:-conf my-new-path.yaml" scripts/bench/proxy-vs-nginx.sh
#
# OURS_VARIANTS runs our proxy once per entry, each its own JVM, rounds interleaved with the others: entries are
# separated by ';', each NAME:WORDS, where WORDS (split on spaces) of the form VAR=value go to the JVM's environment,
# -D... and -X... before -jar, a word ending in .jar replaces app/target/app-fat.jar (an earlier build, to set before
# against after in one run), and the rest go to the jar (-conf FILE, -instances N, -options JSON). The default is one
# entry, "ours:-conf scripts/bench/ours.yaml". To compare a forwarding path switched on by a config key with the
# current one, copy ours.yaml, set the key in the copy and give both entries.
#
# Rounds vary by 10-25 % on a shared 2-core box: compare ratios measured in one run, not absolute figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/bench.sh
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
OURS_VARIANTS=${OURS_VARIANTS:-"ours:-conf scripts/bench/ours.yaml"}
CONTENDERS=${CONTENDERS:-}
work=$(mktemp -d)
pids=()
cleanup() { [ -n "${KEEP:-}" ] && { echo "kept $work"; return; }; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

b1=$(free_port); b2=$(free_port); b3=$(free_port)
p_nginx=$(free_port); p_haproxy=$(free_port)
mkdir -p "$work/tmp"
sed -e "s#@WORK@#$work#g" -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" scripts/bench/backends.conf >"$work/backends.conf"
sed -e "s#@WORK@#$work#g" -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" -e "s#@PORT@#$p_nginx#g" \
  scripts/bench/nginx.conf >"$work/nginx.conf"
sed -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" -e "s#@PORT@#$p_haproxy#g" scripts/bench/haproxy.cfg >"$work/haproxy.cfg"

# targets in the order their rounds run; url[T] and pid[T] (the process whose tree is measured), log[T]
targets=(nginx haproxy)
declare -A url pid log
nginx -c "$work/backends.conf" & pids+=($!)
nginx -c "$work/nginx.conf" & pids+=($!); pid[nginx]=$!; log[nginx]="$work/nginx-error.log"
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 & pids+=($!); pid[haproxy]=$!; log[haproxy]="$work/haproxy.log"
url[nginx]="http://127.0.0.1:$p_nginx/api/bench"; url[haproxy]="http://127.0.0.1:$p_haproxy/api/bench"

IFS=';' read -ra variants <<<"$OURS_VARIANTS"
for v in "${variants[@]}"; do
  name=${v%%:*}; words=${v#*:}
  [[ "$v" == *:* && "$name" =~ ^[a-z][a-z0-9_-]*$ && -z "${url[$name]:-}" ]] \
    || { echo "error: OURS_VARIANTS: \"$v\" (expected: NAME:WORDS, NAME a new lower-case name)" >&2; exit 2; }
  envs=(); jvm=(); args=(); jar=app/target/app-fat.jar
  for w in $words; do
    case "$w" in
      -D*|-X*) jvm+=("$w") ;;
      *.jar) [ -f "$w" ] || { echo "error: OURS_VARIANTS: $name: no jar $w" >&2; exit 2; }; jar=$w ;;
      *=*) [[ "$w" =~ ^[A-Z_][A-Z0-9_]*= ]] && envs+=("$w") || args+=("$w") ;;
      *) args+=("$w") ;;
    esac
  done
  p=$(free_port)
  # shellcheck disable=SC2086
  env PROXY_PORT="$p" MANAGEMENT_PORT="$(free_port)" \
    PROXY_UPSTREAMS="http://127.0.0.1:$b1,http://127.0.0.1:$b2,http://127.0.0.1:$b3" "${envs[@]}" \
    java $JAVA_OPTS "${jvm[@]}" -jar "$jar" "${args[@]}" >"$work/$name.log" 2>&1 & pids+=($!)
  targets+=("$name"); pid[$name]=$!; url[$name]="http://127.0.0.1:$p/api/bench"; log[$name]="$work/$name.log"
done

for c in $CONTENDERS; do
  case "$c" in
    vertx-http-proxy)
      bench_classpath "$work/classpath"
      p=$(free_port)
      # shellcheck disable=SC2086
      java $JAVA_OPTS -cp "$(cat "$work/classpath")" com.interview.bench.HttpProxyContender "$p" 2 \
        "127.0.0.1:$b1" "127.0.0.1:$b2" "127.0.0.1:$b3" >"$work/$c.log" 2>&1 & pids+=($!)
      ;;
    *) echo "error: CONTENDERS: \"$c\" (expected: vertx-http-proxy)" >&2; exit 2 ;;
  esac
  targets+=("$c"); pid[$c]=$!; url[$c]="http://127.0.0.1:$p/api/bench"; log[$c]="$work/$c.log"
done

for t in "${targets[@]}"; do
  wait_http "${url[$t]}" 60 || { tail -20 "${log[$t]}" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "${url[$t]}")
  [ "$code" = 200 ] || { echo "error: $t answers $code" >&2; tail -20 "${log[$t]}" >&2; exit 1; }
done

echo "==> warm-up ${WARMUP}s per target (the JVMs need it; the others get the same)"
for t in "${targets[@]}"; do wrk -t1 -c64 -d"${WARMUP}s" "${url[$t]}" >/dev/null; done

declare -A rps p50 p99 cpu
for c in $CONNS; do
  for r in $(seq 1 "$ROUNDS"); do
    line="$c conns, round $r:"
    for t in "${targets[@]}"; do
      res=$(wrk_round "${pid[$t]}" -t1 -c"$c" -d"$DURATION" "${url[$t]}") || { echo "error: $t at $c connections" >&2; exit 1; }
      read -r a b d e <<<"$res"
      rps[$t,$c]+="$a "; p50[$t,$c]+="$b "; p99[$t,$c]+="$d "; cpu[$t,$c]+="$e "
      line+=" $t $a req/s p50 $b p99 $d ms $e µs/req;"
    done
    echo "${line%;}"
  done
done

printf '\n%-16s %6s %12s %9s %9s %12s %10s %10s %10s\n' proxy conns "req/s" "p50 ms" "p99 ms" "CPU µs/req" "vs nginx" \
  "p99 ratio" "CPU ratio"
for c in $CONNS; do
  # shellcheck disable=SC2086
  { base=$(median ${rps[nginx,$c]}); base99=$(median ${p99[nginx,$c]}); basecpu=$(median ${cpu[nginx,$c]}); }
  for t in "${targets[@]}"; do
    # shellcheck disable=SC2086
    { m=$(median ${rps[$t,$c]}); l50=$(median ${p50[$t,$c]}); l99=$(median ${p99[$t,$c]}); u=$(median ${cpu[$t,$c]}); }
    printf '%-16s %6s %12.0f %9.2f %9.2f %11.1f %10s %10s %10s\n' "$t" "$c" "$m" "$l50" "$l99" "$u" \
      "$(ratio "$m" "$base")" "$(ratio "$l99" "$base99")" "$(ratio "$u" "$basecpu")"
  done
done
echo "(medians of $ROUNDS interleaved rounds of $DURATION, wrk -t1; $(nproc) cores; JAVA_OPTS=$JAVA_OPTS)"
for v in "${variants[@]}"; do echo "(${v%%:*}: ${v#*:})"; done
