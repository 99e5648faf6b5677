#!/usr/bin/env bash
# Follow graph and feed through the gateway, on a seeded graph (10,000 users, one following 1,000, 100,000 activities).
#   bench/feed/run.sh                                   against ./lalala up (gateway :8080, Neo4j Bolt :17687)
#   bench/feed/run.sh http://127.0.0.1:8080 bolt://127.0.0.1:17687
# Knobs: BENCH_REQUESTS (default 400 per read scenario), BENCH_SECONDS (default 15 for follow/unfollow),
# BENCH_CONCURRENCY (default 4),
# BENCH_DIRECT=http://127.0.0.1:8083 also runs the reads straight at feed-service (the gateway's share). Seeded nodes carry {bench: true} and are deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
cp_file=feed-service/target/bench-classpath.txt
[[ -f "$cp_file" ]] || ./mvnw -q -B -ntp -o -pl feed-service dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec "$JAVA_HOME/bin/java" -Dbench.requests="${BENCH_REQUESTS:-400}" -Dbench.seconds="${BENCH_SECONDS:-15}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-4}" -Dbench.direct="${BENCH_DIRECT:-}" -cp "$(cat "$cp_file")" bench/feed/FeedBench.java \
  "${1:-http://127.0.0.1:8080}" "${2:-bolt://127.0.0.1:17687}"
