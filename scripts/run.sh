#!/usr/bin/env bash
# Runs the whole system on this machine: the proxy on port 80 (8080 without privileges) and the API verticles in
# one JVM, on local PostgreSQL and Redis. Builds the jar when the sources are newer. Arguments go to the launcher,
# e.g. scripts/run.sh -cluster, scripts/run.sh -conf my.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

ensure_java_maven
ensure_postgres
ensure_redis
ensure_database "${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/interview_db}"

jar=app/target/app-fat.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml conf */pom.xml */src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  say "building $jar"
  mvn -B -q -DskipTests package
fi
say "starting: java -jar $jar $*"
exec java -jar "$jar" "$@"
