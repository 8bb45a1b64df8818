#!/usr/bin/env bash
# JMH benchmarks of our own per-request work (benchmarks/): EdgeWorkBench (request rules, head rewrite,
# limiter decision, balancer picks), TokenBench (access-token verify and issue) and HttpServerMetricsBench (one
# request's HTTP server metrics, vertx-micrometer's against ours). Prints JMH's table (ns/op).
#
#   scripts/bench/jmh.sh                      # all
#   scripts/bench/jmh.sh limiter              # those whose name matches
#   scripts/bench/jmh.sh HttpServerMetricsBench -prof gc   # further words go to JMH (here: bytes allocated per op)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
bench_classpath "$cpfile"
java -cp "$(cat "$cpfile")" org.openjdk.jmh.Main "${@:-com.interview.bench}"
