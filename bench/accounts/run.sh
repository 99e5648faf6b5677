#!/usr/bin/env bash
# Login and token-validation throughput through the gateway.
#   bench/accounts/run.sh                      starts a private fleet on free ports (never clashes with ./lalala up),
#                                              measures, stops it
#   bench/accounts/run.sh http://127.0.0.1:8080  measures against a fleet that is already running
# Knobs: BENCH_SECONDS (default 20 per scenario), BENCH_CONCURRENCY (default 8).
# Needs the service jars (<module>/target/<module>.jar: ./lalala build) and the platform modules in ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
cp_file=bench/accounts/target/classpath.txt
mkdir -p bench/accounts/target
if [[ ! -s "$cp_file" ]]; then
  JAVA_HOME="$JAVA_HOME" ./mvnw -q -B -pl platform/fleet-launcher dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=runtime >/dev/null
fi
launcher_jar=$(ls ~/.m2/repository/dev/lalala/fleet-launcher/0.1.0-SNAPSHOT/fleet-launcher-0.1.0-SNAPSHOT.jar)
exec "$JAVA_HOME/bin/java" -Dbench.seconds="${BENCH_SECONDS:-20}" -Dbench.concurrency="${BENCH_CONCURRENCY:-8}" \
  -cp "$launcher_jar:$(cat "$cp_file")" bench/accounts/AccountsBench.java "${1:-}"
