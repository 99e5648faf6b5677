#!/usr/bin/env bash
# Search through the gateway on a generated catalogue: 10,000 artists and 100,000 songs (Korean, English and mixed
# titles) published as events on Kafka, indexed by search-service; then search p99 and suggest p99 through the
# gateway, and the indexing throughput from Kafka.
#   bench/search/run.sh                                  against ./lalala up (gateway :8080, Kafka :19092, ES :19200)
#   bench/search/run.sh http://127.0.0.1:8080 127.0.0.1:19092 http://127.0.0.1:19200
# The queries are timed once every consumer group of the fleet has caught up (feed and playlists read the same topics).
# BENCH_ARTISTS=0 BENCH_TRACKS=0 publishes nothing and times the queries on the catalogue already indexed.
# Knobs: BENCH_ARTISTS (10000), BENCH_TRACKS (100000), BENCH_REQUESTS (1000 per scenario), BENCH_CONCURRENCY (4).
# Generated documents carry ids of their own; they stay in the index (delete .lalala/data/elasticsearch to drop them).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
cp_file=search-service/target/bench-classpath.txt
[[ -f "$cp_file" ]] || ./mvnw -q -B -ntp -o -pl search-service dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
# The generated catalogue's titles are shared with SearchLatencyIT (search-service's test classes).
[[ -f search-service/target/test-classes/dev/lalala/search/catalogue/GeneratedTitles.class ]] \
  || ./mvnw -q -B -ntp -o -pl search-service test-compile >/dev/null
exec "$JAVA_HOME/bin/java" -Dbench.artists="${BENCH_ARTISTS:-10000}" -Dbench.tracks="${BENCH_TRACKS:-100000}" \
  -Dbench.requests="${BENCH_REQUESTS:-1000}" -Dbench.concurrency="${BENCH_CONCURRENCY:-4}" \
  -cp "$(cat "$cp_file"):search-service/target/test-classes" bench/search/SearchBench.java \
  "${1:-http://127.0.0.1:8080}" "${2:-127.0.0.1:19092}" "${3:-http://127.0.0.1:19200}"
