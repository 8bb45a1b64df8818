#!/usr/bin/env bash
# The API's hot read against the database's own ceiling: GET /api/questions/{id} through the proxy (role all:
# proxy → in-JVM event bus → API → PostgreSQL, with JWT checks, validation, ETag) against `pgbench -S` (primary-key
# SELECTs straight into PostgreSQL) in the same database, same client connections. Prints both and the ratio.
# pgbench's tables (scale 10) are created in the API's database once the API has migrated it, and dropped on exit.
#
#   scripts/bench/api-vs-pgbench.sh                  # 64 connections, 3 rounds of 10 s after 30 s of warm-up
#   CONNS=32 ROUNDS=5 DURATION=10 scripts/bench/api-vs-pgbench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/services.sh
. scripts/lib/bench.sh
need pgbench postgresql-contrib
bench_setup 30

work=$(mktemp -d)
pids=()
drop_pgbench_tables() {
  psql -h 127.0.0.1 -U postgres -d "$DB" -qc \
    "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history" >/dev/null 2>&1 || true
}
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  drop_pgbench_tables; rm -rf "$work"
}
trap cleanup EXIT
# leftovers of an interrupted run would make the API's first migration of a new database refuse a non-empty schema
drop_pgbench_tables

port=$(free_port); mgmt=$(free_port); api=$(free_port)
PROXY_PORT=$port MANAGEMENT_PORT=$mgmt PORT=$api java -XX:+UseParallelGC -Xms512m -Xmx512m -jar app/target/app-fat.jar \
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

echo "==> warm-up ${WARMUP}s"
wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "$work/auth.lua" "$url" >/dev/null
api_rps=(); pg_tps=()
for r in $(seq 1 "$ROUNDS"); do
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$work/auth.lua" "$url")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  [ -z "$non2xx" ] || { echo "error: $non2xx non-2xx answers" >&2; exit 1; }
  api_rps+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  pg_tps+=("$(pgbench -h 127.0.0.1 -U postgres -S -n -c "$CONNS" -j 1 -T "$DURATION" "$DB" 2>/dev/null | awk '/^tps/ {print $3; exit}')")
  echo "round $r: api ${api_rps[-1]} req/s (p99 $p99), pgbench -S ${pg_tps[-1]} tps"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
a=$(median "${api_rps[@]}"); p=$(median "${pg_tps[@]}")
printf '\nGET /api/questions/{id} through the proxy: %.0f req/s; pgbench -S: %.0f tps; ratio %.2f (%s connections, %s cores)\n' \
  "$a" "$p" "$(awk -v a="$a" -v b="$p" 'BEGIN{print a/b}')" "$CONNS" "$(nproc)"
