#!/usr/bin/env bash
# JMH benchmarks of our own per-request work (benchmarks/): EdgeWorkBench (request rules, head rewrite,
# limiter decision, balancer picks) and TokenBench (access-token verify and issue). Prints JMH's table (ns/op).
#
#   scripts/bench/jmh.sh                      # all
#   scripts/bench/jmh.sh limiter              # those whose name matches
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
bench_classpath "$cpfile"
java -cp "$(cat "$cpfile")" org.openjdk.jmh.Main "${1:-com.interview.bench}"
