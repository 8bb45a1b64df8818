# Shared by the wrk benchmarks (scripts/bench/*.sh), sourced after ports.sh: reading wrk's output, the CPU time
# processes spend per request, medians, the benchmark classpath; and, for those that run the API (sourced after
# services.sh too), bench_setup: the tools, the fat jar, the load parameters (overridable from the environment) and
# the benchmark's own database (interview_bench) and Redis db 12, started or created when missing.
#   bench_setup WARMUP_SECONDS
bench_setup() {
  need wrk wrk
  need curl curl
  ensure_jar
  CONNS=${CONNS:-64}
  ROUNDS=${ROUNDS:-3}
  DURATION=${DURATION:-10}
  WARMUP=${WARMUP:-$1}
  DB=interview_bench
  export DATABASE_URL="postgresql://postgres:postgres@127.0.0.1:5432/$DB"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/12}"
  ensure_postgres
  ensure_redis
  ensure_database "$DATABASE_URL"
}

# median VALUE...: the median of the numbers (the mean of the middle two for an even count)
median() {
  printf '%s\n' "$@" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b == 0 ? 0 : a / b}'; }

# to_ms VALUE: a wrk latency (812.00us, 2.31ms, 1.02s, 1.50m) in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN{ n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /m$/) n*=60000;
    else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}

# proc_tree PID...: the processes and all their descendants (an nginx master and its workers)
proc_tree() {
  local p
  for p in "$@"; do echo "$p"; proc_tree $(pgrep -P "$p" || true); done
}

# cpu_ticks PID...: utime + stime of the processes (every thread: JIT and GC included), in clock ticks; one gone
# counts 0. The fields are read after the command name, which may hold spaces.
cpu_ticks() {
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && t=$(( t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}') ))
  done
  echo "$t"
}

# us_per_request TICKS REQUESTS: CPU microseconds per request
us_per_request() {
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0)}'
}

# wrk_round "PID..." WRK_ARGS...: one wrk run with --latency, reading the CPU time of the processes PID... (and
# their descendants, found at the start of the run) around it. Prints "req/s p50-ms p99-ms CPU-µs-per-request";
# fails, saying so, on any non-2xx answer.
wrk_round() {
  local procs before after out n
  procs=$(proc_tree $1); shift
  before=$(cpu_ticks $procs)
  out=$(wrk --latency "$@")
  after=$(cpu_ticks $procs)
  if grep -q Non-2xx <<<"$out"; then echo "error: wrk $*: $(grep Non-2xx <<<"$out")" >&2; return 1; fi
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '%s %s %s %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")" \
    "$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")" "$(us_per_request $(( after - before )) "$n")"
}

# bench_classpath FILE: the benchmarks module built (with what it depends on) and its runtime classpath written to
# FILE, classes first
bench_classpath() {
  mvn -B -q -DskipTests install -pl benchmarks -am >/dev/null
  mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$1.deps" >/dev/null
  printf 'benchmarks/target/classes:%s' "$(cat "$1.deps")" >"$1"
  rm -f "$1.deps"
}
