#!/usr/bin/env bash
# Login and token-validation throughput through the gateway.
#   bench/accounts/run.sh                      starts a private fleet on free ports (never clashes with ./lalala up),
#                                              measures, stops it
#   bench/accounts/run.sh http://127.0.0.1:8080  measures against a fleet that is already running
# Knobs: BENCH_SECONDS (default 20 per scenario), BENCH_CONCURRENCY (default 8).
# Needs the jars of ./lalala build (the services' and the launcher's); builds them when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
launcher_jar=platform/fleet-launcher/target/lalala-launcher.jar
[[ -f "$launcher_jar" ]] || ./lalala build
exec "$JAVA_HOME/bin/java" -Dbench.seconds="${BENCH_SECONDS:-20}" -Dbench.concurrency="${BENCH_CONCURRENCY:-8}" \
  -cp "$launcher_jar" bench/accounts/AccountsBench.java "${1:-}"
