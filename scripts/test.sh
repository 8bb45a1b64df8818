#!/usr/bin/env bash
# Runs every test against real PostgreSQL and Redis: ensures both run (starting them when it can), creates the
# test database, then `mvn -B verify` (unit and integration tests, the fat jar included).
# DATABASE_URL / REDIS_URL choose other servers; by default tests use interview_test and Redis db 15.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/interview_test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"
ensure_java_maven
ensure_postgres
ensure_redis
ensure_database "$DATABASE_URL"
# the operations tests (app/src/test/java/com/interview/app/ops): compose files checked with `docker-compose config`,
# dashboards and alert rules run on a real Prometheus (promtool too), the development certificate made with openssl,
# deploy/k8s rendered by kubectl's built-in kustomize (KubernetesManifestsTest; the schema comes from Maven Central)
ensure_tool docker-compose docker-compose
ensure_tool kubectl kubectl
ensure_tool prometheus prometheus
ensure_tool promtool prometheus
ensure_tool openssl openssl
# RedisSentinelIT: a private master, replica and three sentinels (redis-cli comes with redis-server)
ensure_tool redis-sentinel redis-sentinel
ensure_tool redis-cli redis-tools
say "mvn -B verify (DATABASE_URL=$(printf %s "$DATABASE_URL" | sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#'), REDIS_URL=$REDIS_URL)"
exec mvn -B verify "$@"
