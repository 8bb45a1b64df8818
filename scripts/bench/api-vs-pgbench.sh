#!/usr/bin/env bash
# The API's hot read against the database's own ceiling: GET /api/questions/{id} (JWT check, validation, ETag,
# one prepared primary-key SELECT) through the proxy (role all: proxy → in-JVM event bus → API → PostgreSQL) and on
# the API's own port, against `pgbench -S -M prepared -j 2` (prepared primary-key SELECTs straight into
# PostgreSQL, the fair ceiling for an API that prepares its statements) in the same database, for each client count
# in CLIENTS. Rounds are interleaved (proxy, API port, pgbench; the JVM idles during pgbench's rounds). Prints req/s,
# p99 and the JVM's CPU time per request (utime+stime from /proc/PID/stat over the round) for both paths, pgbench's
# tps, both ratios and the proxy's cost (the difference in CPU per request).
# pgbench's tables (scale 10) are created in the API's database once the API has migrated it, and dropped on exit.
#
#   scripts/bench/api-vs-pgbench.sh                  # 16 and 64 clients, 3 rounds of 10 s after 30 s of warm-up
#   CLIENTS=64 ROUNDS=5 DURATION=8 scripts/bench/api-vs-pgbench.sh
#   JAR=/tmp/main.jar scripts/bench/api-vs-pgbench.sh  # another build (run back to back with this one to compare)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/services.sh
. scripts/lib/bench.sh
need pgbench postgresql-contrib
bench_setup 30
JAR=${JAR:-app/target/app-fat.jar}   # another build to compare, e.g. a copy of main's

work=$(mktemp -d)
pids=()
drop_pgbench_tables() {
  psql -h 127.0.0.1 -U postgres -d "$DB" -qc \
    "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history" >/dev/null 2>&1 || true
}
cleanup() {
  local rc=$?
  # a failed run (a non-2xx answer among them) shows what the application logged, warnings included
  [ "$rc" = 0 ] || { echo "--- the application's log (last 30 lines):" >&2; tail -30 "$work/app.log" >&2 || true; }
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  drop_pgbench_tables; rm -rf "$work"
}
trap cleanup EXIT
# leftovers of an interrupted run would make the API's first migration of a new database refuse a non-empty schema
drop_pgbench_tables

port=$(free_port); mgmt=$(free_port); api=$(free_port)
PROXY_PORT=$port MANAGEMENT_PORT=$mgmt PORT=$api java -XX:+UseParallelGC -Xms512m -Xmx512m -jar "$JAR" \
  -conf '{"proxy":{"host":"127.0.0.1","limits":{"api":{"rate":"1000000r/s","burst":100000}},"connections":{"perIp":0,"max":0},"accessLog":{"path":"off"}},"management":{"host":"127.0.0.1"},"api":{"host":"127.0.0.1"}}' \
  >"$work/app.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$port/health" 90
# after the API's migrations: Flyway does not migrate a schema that holds tables it does not know
pgbench -h 127.0.0.1 -U postgres -i -q -s 10 "$DB" >/dev/null 2>&1

email="bench-$(date +%s%N)@example.com"
curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"name\":\"Bench\",\"password\":\"correct horse battery staple\"}" \
  "http://127.0.0.1:$port/api/auth/register"
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "UPDATE users SET role = 'interviewer' WHERE email = '$email'" >/dev/null
token=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}" \
  "http://127.0.0.1:$port/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
id=$(psql -h 127.0.0.1 -U postgres -d "$DB" -qtAc "INSERT INTO questions (title, body, category, difficulty, tags) VALUES \
  ('Explain back-pressure in reactive streams', 'What happens when a consumer is slower than its producer?', 'streams', 'medium', '{streams,vertx}') RETURNING id")
url="http://127.0.0.1:$port/api/questions/$id"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
[ "$code" = 200 ] || { echo "error: $url answered $code" >&2; tail -20 "$work/app.log" >&2; exit 1; }
cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA

CLIENTS=${CLIENTS:-16 64}
direct="http://127.0.0.1:$api/api/questions/$id"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$direct")
[ "$code" = 200 ] || { echo "error: $direct answered $code" >&2; exit 1; }
jvm=${pids[0]}
# run_wrk URL CONNS: "req/s p50-ms p99-ms µs-of-JVM-CPU-per-request"; fails on any non-2xx answer
run_wrk() { wrk_round "$jvm" -t1 -c"$2" -d"${DURATION}s" -s "$work/auth.lua" "$1"; }

echo "==> warm-up ${WARMUP}s"
wrk -t1 -c64 -d"${WARMUP}s" -s "$work/auth.lua" "$url" >/dev/null
summary=()
for c in $CLIENTS; do
  px=(); pxcpu=(); dr=(); drcpu=(); pg=()
  for r in $(seq 1 "$ROUNDS"); do
    res=$(run_wrk "$url" "$c"); read -r rps _ p99 cpu <<<"$res"; px+=("$rps"); pxcpu+=("$cpu")
    res=$(run_wrk "$direct" "$c"); read -r drps _ dp99 dcpu <<<"$res"; dr+=("$drps"); drcpu+=("$dcpu")
    pg+=("$(pgbench -h 127.0.0.1 -U postgres -S -M prepared -n -c "$c" -j 2 -T "$DURATION" "$DB" 2>/dev/null | awk '/^tps/ {print $3; exit}')")
    echo "$c clients, round $r: proxy $rps req/s (p99 $p99 ms, $cpu µs CPU/req), API port $drps req/s (p99 $dp99 ms, $dcpu µs CPU/req), pgbench -S -M prepared ${pg[-1]} tps"
  done
  a=$(median "${px[@]}"); ac=$(median "${pxcpu[@]}"); d=$(median "${dr[@]}"); dc=$(median "${drcpu[@]}"); p=$(median "${pg[@]}")
  summary+=("$(printf '%3s clients: proxy %.0f req/s (%.2f×, %s µs/req), API port %.0f req/s (%.2f×, %s µs/req), pgbench %.0f tps; the proxy costs %s µs CPU/req' \
    "$c" "$a" "$(awk -v a="$a" -v b="$p" 'BEGIN{print a/b}')" "$ac" "$d" "$(awk -v a="$d" -v b="$p" 'BEGIN{print a/b}')" "$dc" "$p" \
    "$(awk -v a="$ac" -v b="$dc" 'BEGIN{printf "%.1f", a-b}')")")
done
printf '\nGET /api/questions/{id} against pgbench -S -M prepared -j 2 (medians of %s rounds of %s s, %s cores):\n' "$ROUNDS" "$DURATION" "$(nproc)"
printf '%s\n' "${summary[@]}"
