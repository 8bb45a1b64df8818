#!/usr/bin/env bash
# Where the API's hot read spends its CPU: GET /api/questions/{id} with a bearer token on the API's own port (role
# all), wrk -t1 -c64 for DURATION s after WARMUP s, with a JFR recording (execution samples every 1 ms) of the load
# only. Prints the share of samples by the package group of the top frame, and the hottest methods.
#
#   scripts/bench/api-profile.sh                     # 30 s warm-up, 20 s recorded
#   DURATION=30 scripts/bench/api-profile.sh
#   JAR=/tmp/main.jar JFR_OUT=/tmp/main.jfr scripts/bench/api-profile.sh   # another build; keep the recording
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
. scripts/lib/services.sh
. scripts/lib/bench.sh
bench_setup 30
JAR=${JAR:-app/target/app-fat.jar}   # another build to compare, e.g. a copy of main's
DURATION=${DURATION:-20}
work=$(mktemp -d)
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port=$(free_port); mgmt=$(free_port); api=$(free_port)
PROXY_PORT=$port MANAGEMENT_PORT=$mgmt PORT=$api java -XX:+UseParallelGC -Xms512m -Xmx512m -jar "$JAR" \
  -conf '{"proxy":{"host":"127.0.0.1","accessLog":{"path":"off"}},"management":{"host":"127.0.0.1"},"api":{"host":"127.0.0.1"}}' \
  >"$work/app.log" 2>&1 & pid=$!
wait_http "http://127.0.0.1:$port/health" 90
base="http://127.0.0.1:$api"
email="profile-$(date +%s%N)@example.com"
curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"name\":\"Profile\",\"password\":\"correct horse battery staple\"}" "$base/api/auth/register"
psql -h 127.0.0.1 -U postgres -d "$DB" -qc "UPDATE users SET role = 'interviewer' WHERE email = '$email'" >/dev/null
token=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}" \
  "$base/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
id=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"title":"Explain back-pressure in reactive streams","difficulty":"medium","category":"streams"}' \
  "$base/api/questions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
url="$base/api/questions/$id"
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" > "$work/auth.lua"
echo "==> warm-up ${WARMUP}s"
wrk -t1 -c64 -d"${WARMUP}s" -s "$work/auth.lua" "$url" >/dev/null
# a profile with 1 ms samples, started and dumped around the measured load only
jcmd "$pid" JFR.configure samplethreads=true >/dev/null 2>&1 || true
jcmd "$pid" JFR.start name=api settings="$PWD/scripts/bench/sampling.jfc" >/dev/null
out=$(wrk -t1 -c64 -d"${DURATION}s" --latency -s "$work/auth.lua" "$url")
jcmd "$pid" JFR.dump name=api filename="$work/api.jfr" >/dev/null
jcmd "$pid" JFR.stop name=api >/dev/null
[ -z "${JFR_OUT:-}" ] || cp "$work/api.jfr" "$JFR_OUT"
echo "$out" | grep -E 'Requests/sec|99%|Non-2xx' || true
jfr print --events jdk.ExecutionSample --stack-depth 64 "$work/api.jfr" > "$work/samples.txt"
python3 - "$work/samples.txt" <<'PY'
import re, sys, collections
text = open(sys.argv[1]).read()
stacks = [re.findall(r'^\s+([\w$.<>]+)\(', block, re.M) for block in text.split('jdk.ExecutionSample')[1:]]
stacks = [s for s in stacks if s]
def group(frame):
    for prefix, name in [('com.interview.', 'ours (com.interview)'), ('io.netty.', 'Netty'),
                         ('io.vertx.json.schema', 'vertx-json-schema'), ('io.vertx.openapi', 'vertx-openapi'),
                         ('io.vertx.ext.auth', 'vertx-auth (JWT)'), ('io.vertx.pgclient', 'pg client'),
                         ('io.vertx.sqlclient', 'sql client'), ('io.vertx.redis', 'redis client'),
                         ('io.vertx.core', 'Vert.x core'), ('io.vertx.micrometer', 'Micrometer (vertx)'),
                         ('io.micrometer.', 'Micrometer'), ('com.fasterxml.jackson', 'Jackson'),
                         ('sun.nio.', 'JDK NIO'), ('java.', 'JDK'), ('jdk.', 'JDK'), ('sun.', 'JDK')]:
        if frame.startswith(prefix):
            return name
    return 'other'
top = collections.Counter(group(s[0]) for s in stacks)
n = len(stacks)
print(f"\n{n} samples; share by the top frame's package:")
for g, c in top.most_common():
    print(f"  {100 * c / n:5.1f} %  {g}")
# inclusive: samples whose stack passes through one of these steps (of ours, or named after what they do)
steps = {'JWT verification (Tokens.verify, AccessTokenVerifier or vertx-auth-jwt)':
           ('com.interview.api.auth.Tokens.verif', 'com.interview.api.auth.AccessTokenVerifier'),
         'revocation check': ('com.interview.api.auth.Revocations.refused',),
         'parameter validation (ApiDispatcher.validate)': ('com.interview.api.contract.ApiDispatcher.validate',),
         "the answer's JSON (row to JSON to bytes)": ('com.interview.api.question.QuestionRepository.toJson',
           'com.interview.api.question.QuestionJson', 'com.interview.api.contract.ApiResponse.json'),
         'ETag (SHA-256 of the body)': ('com.interview.api.contract.ETags.of',),
         'operation lookup (vertx-openapi findOperation)': ('io.vertx.openapi.contract.impl.OpenAPIContractImpl.findOperation',),
         'metrics (Micrometer, vertx-micrometer)': ('io.micrometer.', 'io.vertx.micrometer'),
         'dispatch (whole API operation)': ('com.interview.api.contract.ApiDispatcher.dispatch',),
         'HTTP response write (Vert.x, Netty encoder, flush)': ('io.vertx.core.http.impl.Http1xServerResponse.end',),
         'pg client decoding (PgDecoder)': ('io.vertx.pgclient.impl.codec.PgDecoder',)}
print("inclusive (samples whose stack passes through):")
for name, frames in steps.items():
    c = sum(1 for s in stacks if any(f.startswith(frames) for f in s))
    print(f"  {100 * c / n:5.1f} %  {name}")
print("hottest methods (top frame):")
for m, c in collections.Counter(s[0] for s in stacks).most_common(12):
    print(f"  {100 * c / n:5.1f} %  {m}")
PY
