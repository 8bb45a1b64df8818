# Shared by the wrk benchmarks that run the application (scripts/bench/*.sh), sourced after ports.sh and services.sh:
# the tools, the fat jar, the load parameters (overridable from the environment) and the benchmark's own
# database (interview_bench) and Redis db 12, started or created when missing.
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
