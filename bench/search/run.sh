#!/usr/bin/env bash
# Search through the gateway on a generated catalogue: 10,000 artists and 100,000 songs (Korean, English and mixed
# titles) published as events on Kafka, indexed by search-service; then search p99 and suggest p99 through the
# gateway, and the indexing throughput from Kafka.
#   bench/search/run.sh                                  against ./lalala up (gateway :8080, Kafka :19092, ES :19200)
#   bench/search/run.sh http://127.0.0.1:8080 127.0.0.1:19092 http://127.0.0.1:19200
# Knobs: BENCH_ARTISTS (10000), BENCH_TRACKS (100000), BENCH_REQUESTS (1000 per scenario), BENCH_CONCURRENCY (4).
# Generated documents carry ids of their own; they stay in the index (delete .lalala/data/elasticsearch to drop them).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
cp_file=search-service/target/bench-classpath.txt
[[ -f "$cp_file" ]] || ./mvnw -q -B -ntp -o -pl search-service dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec "$JAVA_HOME/bin/java" -Dbench.artists="${BENCH_ARTISTS:-10000}" -Dbench.tracks="${BENCH_TRACKS:-100000}" \
  -Dbench.requests="${BENCH_REQUESTS:-1000}" -Dbench.concurrency="${BENCH_CONCURRENCY:-4}" \
  -cp "$(cat "$cp_file")" bench/search/SearchBench.java \
  "${1:-http://127.0.0.1:8080}" "${2:-127.0.0.1:19092}" "${3:-http://127.0.0.1:19200}"
