#!/usr/bin/env bash
# Where a feed request's time goes inside feed-service and Neo4j, without the gateway: starts its own Neo4j (the
# fleet's runner and settings: 512 MB heap, serial GC, 64 MB page cache) on a free port, seeds the bench graph
# (FeedBench.seed), prints PROFILE of every read and write query the service runs, and times the service's own
# classes (ActivityFeed, Suggestions, Follows) over Bolt, one caller and four at once.
#   bench/feed/profile.sh                  (needs: ./mvnw -pl feed-service -am install -DskipTests)
#   bench/feed/profile.sh bolt://127.0.0.1:17687    against a running Neo4j instead (seeds it, removes the seed after)
# Knobs: PROFILE_RUNS (default 300 timed calls per scenario); PROFILE_KEEP=true with a bolt URI leaves the seed in
# place and reuses it next time (seeding takes minutes); PROFILE_CLASSES=<dir> profiles other compiled feed-service
# classes (e.g. an earlier commit's, for a before/after on the same graph and machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
cp_file=feed-service/target/bench-classpath.txt
[[ -f "$cp_file" ]] || ./mvnw -q -B -ntp -o -pl feed-service dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
bolt="${1:-}"
neo4j_pid=""
if [[ -z "$bolt" ]]; then
  runtime=platform/local-infra/neo4j/target
  dir="$(mktemp -d /tmp/feed-profile-neo4j.XXXXXX)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$JAVA_HOME/bin/java" -Xmx512m -Xms64m -XX:+UseSerialGC --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -Dio.netty.tryReflectionSetAccessible=true \
    -Dlalala.neo4j.pagecache=$((64 * 1024 * 1024)) -Dlalala.ready-file="$dir/ready" -Dlalala.watch-pid=$$ \
    -cp "$runtime/classes:$(cat "$runtime/runtime-classpath.txt")" dev.lalala.infra.neo4j.Neo4jRunner "$dir/home" "$port" \
    >"$dir/neo4j.log" 2>&1 &
  neo4j_pid=$!
  trap 'kill "$neo4j_pid" 2>/dev/null; wait "$neo4j_pid" 2>/dev/null; rm -rf "$dir"' EXIT
  for _ in $(seq 1 120); do [[ -f "$dir/ready" ]] && break; sleep 1; done
  [[ -f "$dir/ready" ]] || { cat "$dir/neo4j.log"; exit 1; }
  bolt="bolt://127.0.0.1:$port"
fi
"$JAVA_HOME/bin/java" -Dprofile.runs="${PROFILE_RUNS:-300}" -Dprofile.keep="${PROFILE_KEEP:-false}" \
  -cp "${PROFILE_CLASSES:-feed-service/target/classes}:$(cat "$cp_file")" bench/feed/FeedProfile.java "$bolt"
