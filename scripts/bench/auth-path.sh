#!/usr/bin/env bash
# The authenticated request path on the API's own port (role api, no proxy): GET /api/questions/{id} with a bearer
# token, so each request is JWT check + revocation check + one prepared SELECT. Prints req/s, p99, the API JVM's CPU
# time per request (utime+stime from /proc/PID/stat over the measured run) and the Redis EXISTS calls per request
# (INFO commandstats): run it on two jars to compare request paths.
#
#   JAR=app/target/app-fat.jar DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/interview_bench \
#     REDIS_URL=redis://127.0.0.1:6379/12 CONNS=16 WARMUP=10 DURATION=20 scripts/bench/auth-path.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/bench.sh
JAR=${JAR:-app/target/app-fat.jar}
CONNS=${CONNS:-16}; WARMUP=${WARMUP:-10}; DURATION=${DURATION:-20}
: "${DATABASE_URL:?}" "${REDIS_URL:?}"
redis_db=${REDIS_URL##*/}; redis_hostport=${REDIS_URL#redis://}; redis_hostport=${redis_hostport%%/*}
rcli() { redis-cli -h "${redis_hostport%%:*}" -p "${redis_hostport##*:}" "$@"; }
exists_calls() { rcli info commandstats | awk -F'[=,:]' '/^cmdstat_exists:/ {print $3; f=1} END {if (!f) print 0}'; }

work=$(mktemp -d); pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
api=$(free_port); mgmt=$(free_port)
APP_ROLE=api PORT=$api MANAGEMENT_PORT=$mgmt java -XX:+UseParallelGC -Xms256m -Xmx256m -jar "$JAR" \
  -conf '{"management":{"host":"127.0.0.1"},"api":{"host":"127.0.0.1","instances":2}}' >"$work/app.log" 2>&1 & pid=$!
wait_http "http://127.0.0.1:$api/health" 90
base="http://127.0.0.1:$api"
email="bench-$(date +%s%N)@example.com"
curl -s -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"name\":\"Bench\",\"password\":\"correct horse battery staple\"}" "$base/api/auth/register"
psql "$DATABASE_URL" -qc "UPDATE users SET role = 'interviewer' WHERE email = '$email'" >/dev/null
token=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}" \
  "$base/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
id=$(psql "$DATABASE_URL" -qtAc "INSERT INTO questions (title, body, category, difficulty, tags) VALUES \
  ('Explain back-pressure', 'What happens when a consumer is slower than its producer?', 'streams', 'medium', '{streams}') RETURNING id")
url="$base/api/questions/$id"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
[ "$code" = 200 ] || { echo "error: $url answered $code" >&2; tail -20 "$work/app.log" >&2; exit 1; }
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$work/auth.lua"
wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "$work/auth.lua" "$url" >/dev/null
t0=$(cpu_ticks "$pid"); e0=$(exists_calls)
out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$work/auth.lua" "$url")
t1=$(cpu_ticks "$pid"); e1=$(exists_calls)
non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out"); [ -z "$non2xx" ] || { echo "error: $non2xx non-2xx answers" >&2; exit 1; }
reqs=$(awk '/requests in/ {print $1}' <<<"$out")
printf '%s: %s req/s, p99 %s, %s µs CPU per request, %.2f Redis EXISTS per request (%s requests, %s connections, %s cores)\n' \
  "$JAR" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
  "$(us_per_request $((t1 - t0)) "$reqs")" \
  "$(awk -v e=$((e1 - e0)) -v n="$reqs" 'BEGIN{print e / n}')" "$reqs" "$CONNS" "$(nproc)"
