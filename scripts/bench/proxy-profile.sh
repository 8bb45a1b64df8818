#!/usr/bin/env bash
# Where the proxy spends its CPU forwarding: our proxy (CONF, by default scripts/bench/ours.yaml: the lean path)
# in front of the three nginx backends of proxy-vs-nginx.sh, wrk -t1 -c64 GET for DURATION s after WARMUP s, with a
# JFR recording (execution samples every 1 ms) of the load only. Prints the share of samples by the package group of
# the top frame, and the hottest methods.
#
#   scripts/bench/proxy-profile.sh                                      # the lean path
#   CONF=scripts/bench/ours-vertx.yaml scripts/bench/proxy-profile.sh   # Vert.x's path
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
need nginx nginx-light
need wrk wrk
ensure_jar
CONF=${CONF:-scripts/bench/ours.yaml}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-20}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
b1=$(free_port); b2=$(free_port); b3=$(free_port); port=$(free_port)
mkdir -p "$work/tmp"
sed -e "s#@WORK@#$work#g" -e "s#@B1@#$b1#g" -e "s#@B2@#$b2#g" -e "s#@B3@#$b3#g" scripts/bench/backends.conf >"$work/backends.conf"
nginx -c "$work/backends.conf" & pids+=($!)
PROXY_PORT=$port MANAGEMENT_PORT=$(free_port) PROXY_UPSTREAMS="http://127.0.0.1:$b1,http://127.0.0.1:$b2,http://127.0.0.1:$b3" \
  java -XX:+UseParallelGC -Xms512m -Xmx512m -jar app/target/app-fat.jar -conf "$CONF" >"$work/ours.log" 2>&1 & pid=$!
pids+=("$pid")
url="http://127.0.0.1:$port/api/bench"
wait_http "$url" 60
echo "==> warm-up ${WARMUP}s"
wrk -t1 -c64 -d"${WARMUP}s" "$url" >/dev/null
jcmd "$pid" JFR.start name=proxy settings="$PWD/scripts/bench/sampling.jfc" >/dev/null
wrk -t1 -c64 -d"${DURATION}s" --latency "$url" | grep -E 'Requests/sec|99%|Non-2xx' || true
jcmd "$pid" JFR.dump name=proxy filename="$work/proxy.jfr" >/dev/null
jfr print --events jdk.ExecutionSample --stack-depth 1 "$work/proxy.jfr" > "$work/samples.txt"
python3 - "$work/samples.txt" <<'PY'
import re, sys, collections
text = open(sys.argv[1]).read()
tops = re.findall(r'stackTrace = \[\s*\n\s*([\w$.<>]+)\(', text)
groups = [("our lean path", "com.interview.proxy.lean."), ("our filters and forwarders", "com.interview."),
          ("Netty", "io.netty."), ("Vert.x", "io.vertx."), ("Micrometer", "io.micrometer."),
          ("JDK", ("java.", "jdk.", "sun."))]
count = collections.Counter()
for t in tops:
    for name, prefix in groups:
        if t.startswith(prefix):
            count[name] += 1
            break
    else:
        count["other"] += 1
n = max(1, len(tops))
print(f"{len(tops)} samples, by the top frame's package:")
for name, c in count.most_common():
    print(f"  {name:28s} {100 * c / n:5.1f} %")
print("hottest methods:")
for m, c in collections.Counter(tops).most_common(12):
    print(f"  {100 * c / n:5.1f} %  {m}")
PY
