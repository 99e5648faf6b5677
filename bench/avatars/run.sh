#!/usr/bin/env bash
# Avatar processing throughput of user-service (decode + checks + crop + resize to 64/256/512 + JPEG encode), in
# process, without HTTP. Usage: bench/avatars/run.sh   (env: BENCH_SECONDS=10 BENCH_THREADS=1,2)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
export JAVA_HOME
./mvnw -B -q -pl user-service compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
CP="user-service/target/classes:$(cat user-service/target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" bench/avatars/AvatarBench.java
