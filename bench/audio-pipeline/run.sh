#!/usr/bin/env bash
# The audio pipeline of track-service, in-process: processing time per minute of audio and upload-to-READY for a
# 5-minute song. No infrastructure needed.
#   bench/audio-pipeline/run.sh
# Knobs: BENCH_RUNS (3 per case, the median is reported), BENCH_NICE (ffmpeg's nice level, 10 as in the service).
# Needs track-service compiled (./mvnw -pl track-service package -DskipTests) and the platform modules in ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(./lalala java-home)"
work=bench/audio-pipeline/target
mkdir -p "$work"
cp_file=$work/classpath.txt
if [[ ! -s "$cp_file" ]]; then
  JAVA_HOME="$JAVA_HOME" ./mvnw -q -B -pl track-service dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=runtime >/dev/null
fi
exec "$JAVA_HOME/bin/java" -Dbench.runs="${BENCH_RUNS:-3}" -Dbench.nice="${BENCH_NICE:-10}" \
  -cp "track-service/target/classes:$(cat "$cp_file")" bench/audio-pipeline/AudioPipelineBench.java "$work"
