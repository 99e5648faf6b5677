#!/usr/bin/env bash
# Streaming load: N real-time listeners, each playing a song with its own credit, first straight to
# streaming-service, then through the gateway (same processes, same song), so the gateway's cost is a ratio.
#   bench/streaming/run.sh                          # 5000 listeners, 30 s ramp, 60 s each; results.md
# Knobs: BENCH_LISTENERS (5000), BENCH_RAMP seconds to connect them all (30), BENCH_LISTEN seconds each listens (60),
#        BENCH_ONLY=direct|gateway to run one of the two, BENCH_WARMUP=0 to skip the cold run (300 listeners through
#        the gateway right after start, reported apart), BENCH_DRIVER=gatling for the older Gatling simulation,
#        BENCH_JFR=1 to record each gateway with JFR during its measured run (top frames in results.md), BENCH_GATEWAY_JAR to measure another
#        build of the gateway (e.g. main's, for a before/after), BENCH_SOAK=seconds for a long run (memory curve).
# The load generator is Listeners.java: one thread, plain NIO, frame headers only (the audio is counted, not copied).
# Starts its own streaming-service and gateway (from <module>/target/<module>.jar: build them first with
# ./mvnw -pl streaming-service,gateway package -DskipTests) on free ports, with a JWKS served by BenchJwks.java (the
# driver signs each listener's token with its key) and a song made with the static ffmpeg from
# ws.schild:jave-nativebin-linux64. No Kafka: PlayVerified sends fail fast (max.block.ms 1 s) and are counted, not
# sent; the track.events listener is off. Results: bench/streaming/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
source bench/lib.sh
bench_require curl python3 pgrep unzip
JAVA_HOME="$(./lalala java-home)"
java="$JAVA_HOME/bin/java"
work=${BENCH_WORK:-bench/streaming/target}
mkdir -p "$work"
listeners=${BENCH_LISTENERS:-5000}
ramp=${BENCH_RAMP:-30}
listen=${BENCH_LISTEN:-60}

# ---- the song: 120 s, cut and encoded exactly as track-service does (ARCHITECTURE.md, "Audio") ----
track=5f0c6a1e-0000-4000-8000-00000000be01
blobs=$work/blobs
song=$blobs/tracks/$track
if [[ ! -s "$song/manifest.json" ]]; then
  ffmpeg=$(bench_ffmpeg "$work")
  rm -rf "$song" "$work/pieces" && mkdir -p "$song/segments" "$work/pieces"
  ff() { "$ffmpeg" -hide_banner -loglevel error -nostdin -y "$@"; }
  ff -f lavfi -i "$(bench_music 120)" -c:a pcm_s16le "$work/source.wav"
  ff -i "$work/source.wav" -map 0:a:0 -map_metadata -1 -ac 2 -ar 44100 -af asetnsamples=n=4410:p=0 -c:a pcm_s16le \
    -f segment -segment_time 5 -reset_timestamps 1 "$work/pieces/piece-%03d.wav"
  count=0
  for piece in "$work"/pieces/piece-*.wav; do
    ff -i "$piece" -map_metadata -1 -c:a flac -sample_fmt s16 "$song/segments/$(printf %05d $count).flac"
    count=$((count + 1))
  done
  ff -i "$work/source.wav" -map_metadata -1 -c:a flac -sample_fmt s16 "$song/track.flac"
  size=$(stat -c %s "$song/track.flac")
  # 400 peaks, as track-service writes: the track header each play sends carries them.
  waveform=$(python3 -c 'import math; print(",".join("%.3f" % (0.5 + 0.4 * math.sin(i / 9)) for i in range(400)))')
  cat > "$song/manifest.json" <<JSON
{"version":1,"trackId":"$track","ownerId":"5f0c6a1e-0000-4000-8000-0000000000a1","visibility":"PUBLIC","sampleRate":44100,"channels":2,"bitsPerSample":16,"segmentCount":$count,"segmentSamples":220500,"lastSegmentSamples":220500,"totalSamples":$((count * 220500)),"durationMs":$((count * 5000)),"loudnessLufs":-14.0,"gainDb":0.0,"waveform":[$waveform],"wholeTrackBytes":$size,"publishedAt":"2026-01-01T00:00:00Z"}
JSON
  echo "song: $count segments, $(du -sh "$song/segments" | cut -f1) of FLAC"
fi

# Private copies of the jars, so that a rebuild during the run cannot pull classes from under the processes.
cp streaming-service/target/streaming-service.jar "$work/"
cp "${BENCH_GATEWAY_JAR:-gateway/target/gateway.jar}" "$work/gateway.jar"

# Ports from below the kernel's ephemeral range (as FreePorts does for the tests): a port that binding 0 gives could
# be taken by any outgoing connection before the service binds it.
free_port() { python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
while True:
    port = random.randint(20000, low - 1)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        s.close()'; }
jwks_port=$(free_port); stream_port=$(free_port); gateway_port=$(free_port)
pids=()
sampler=""
cleanup() {
  for p in $sampler "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$java" bench/streaming/BenchJwks.java "$jwks_port" "$work/keys" > "$work/jwks.log" 2>&1 &
pids+=($!)
jwks="http://127.0.0.1:$jwks_port/jwks.json"

"$java" -Xms512m -Xmx512m -XX:+UseG1GC -jar "$work/streaming-service.jar" \
  --server.port="$stream_port" --lalala.blob.filesystem.root="$root/$blobs" --lalala.security.jwk-set-uri="$jwks" \
  --spring.kafka.listener.auto-startup=false --spring.kafka.producer.properties.max.block.ms=1000 \
  --logging.level.org.apache.kafka=error --management.tracing.sampling.probability=0 \
  > "$work/streaming-service.log" 2>&1 &
stream_pid=$!; pids+=($stream_pid)

# Deep stacks for JFR (Reactor's are deep); recording itself starts only with each measured run (see run()).
jfr_opts=(); [[ "${BENCH_JFR:-0}" == 1 ]] && jfr_opts=(-XX:FlightRecorderOptions:stackdepth=256)
"$java" -Xms512m -Xmx512m -XX:+UseG1GC -Xlog:gc:file="$work/gateway-gc.log" "${jfr_opts[@]}" -jar "$work/gateway.jar" \
  --server.port="$gateway_port" --lalala.services.streaming.uri="http://127.0.0.1:$stream_port" \
  --lalala.security.jwk-set-uri="$jwks" --management.tracing.sampling.probability=0 \
  > "$work/gateway.log" 2>&1 &
gateway_pid=$!; pids+=($gateway_pid)

# A second gateway from another build (BENCH_BASELINE_JAR, e.g. main's), measured on the same streaming-service in
# the same session: a before/after on the same machine load.
baseline_pid=""
if [[ -n "${BENCH_BASELINE_JAR:-}" ]]; then
  cp "$BENCH_BASELINE_JAR" "$work/gateway-baseline.jar"
  baseline_port=$(free_port)
  "$java" -Xms512m -Xmx512m -XX:+UseG1GC "${jfr_opts[@]}" -jar "$work/gateway-baseline.jar" \
    --server.port="$baseline_port" --lalala.services.streaming.uri="http://127.0.0.1:$stream_port" \
    --lalala.security.jwk-set-uri="$jwks" --management.tracing.sampling.probability=0 \
    > "$work/gateway-baseline.log" 2>&1 &
  baseline_pid=$!; pids+=($baseline_pid)
fi

for url in "http://127.0.0.1:$stream_port/actuator/health/readiness" "http://127.0.0.1:$gateway_port/actuator/health/readiness" \
    ${baseline_pid:+"http://127.0.0.1:$baseline_port/actuator/health/readiness"}; do
  for _ in $(seq 1 600); do curl -sf "$url" >/dev/null && break; sleep 1; done
  curl -sf "$url" >/dev/null || { echo "not ready: $url"; tail -n 50 "$work"/*.log; exit 1; }
done
echo "streaming-service :$stream_port (pid $stream_pid), gateway :$gateway_port (pid $gateway_pid)"

driver=${BENCH_DRIVER:-listeners}
if [[ $driver == gatling ]]; then
  # Compile the simulation before anything is measured.
  JAVA_HOME="$JAVA_HOME" ./mvnw -q -B -f bench/streaming/pom.xml test-compile
else
  # Compiled once, run from classes: no source launcher compiling while the services are measured.
  mkdir -p "$work/driver" && "$JAVA_HOME/bin/javac" -d "$work/driver" bench/streaming/Listeners.java
fi
uptime_load() { cut -d' ' -f1-3 /proc/loadavg; }

run() {
  local label=$1 url=$2 listeners=${3:-$listeners} ramp=${4:-$ramp} listen=${5:-$listen} gw=${6:-$gateway_pid}
  local load_before; load_before=$(uptime_load)
  # JFR records the gateway during its measured runs only (startup and the cold run would dilute the profile).
  local jfr_on=0
  if [[ "${BENCH_JFR:-0}" == 1 && $label == gateway* && $label != cold* ]]; then
    "$JAVA_HOME/bin/jcmd" "$gw" JFR.start name=bench settings=profile > /dev/null && jfr_on=1
  fi
  if [[ $driver == gatling ]]; then
    python3 bench/streaming/sample.py "$work/samples-$label.csv" "streaming=$stream_pid" "gateway=$gateway_pid" \
      "driver=pgrep:gatling[b]ooter" &
    sampler=$!
    JAVA_HOME="$JAVA_HOME" ./mvnw -q -B -f bench/streaming/pom.xml gatling:test -Dbench.label="$label" \
      -Dbench.url="$url" -Dbench.track="$track" -Dbench.keys="$root/$work/keys" -Dbench.listeners="$listeners" \
      -Dbench.ramp="$ramp" -Dbench.listen="$listen" -Dgatling.failOnError=false -Dgatling.noReports=false \
      > "$work/gatling-$label.log" 2>&1 || true
    kill "$sampler" 2>/dev/null || true
    sampler=""
    python3 bench/streaming/report.py "$label" "$work/gatling-$label.log" "$work/samples-$label.csv" "$ramp" "$listen" \
      | tee -a "$work/results.md"
  else
    "$java" -Xss256k -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$work/driver" Listeners \
      "$url" "$track" "$root/$work/keys" "$listeners" "$ramp" "$listen" "$work/driver-$label.json" \
      > "$work/driver-$label.log" 2>&1 &
    local driver_pid=$!
    python3 bench/streaming/sample.py "$work/samples-$label.csv" "streaming=$stream_pid" "gateway=$gw" \
      "driver=$driver_pid" &
    sampler=$!
    wait "$driver_pid" || true
    kill "$sampler" 2>/dev/null || true
    sampler=""
    python3 bench/streaming/report.py "$label" "$work/driver-$label.json" "$work/samples-$label.csv" "$ramp" "$listen" \
      "$load_before" "$(uptime_load)" | tee -a "$work/results.md"
  fi
  if [[ $jfr_on == 1 ]]; then
    "$JAVA_HOME/bin/jcmd" "$gw" JFR.stop name=bench filename="$root/$work/$label.jfr" > /dev/null
    echo "JFR of $label (this run only):" | tee -a "$work/results.md"
    python3 bench/streaming/jfr-top.py "$JAVA_HOME/bin/jfr" "$work/$label.jfr" | tee -a "$work/results.md"
  fi
}
: > "$work/results.md"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $listeners listeners over ${ramp} s, ${listen} s each; $("$java" -version 2>&1 | head -1)" | tee -a "$work/results.md"
# Warm-up (BENCH_WARMUP=0 skips it): freshly started JVMs interpret and JIT-compile the whole path during their
# first few hundred connections. A short run through the gateway (which also warms streaming-service) comes first,
# reported apart as "cold", so the measured runs show servers as they are after a few minutes in production.
if [[ "${BENCH_WARMUP:-1}" != 0 ]]; then
  run cold-gateway "ws://127.0.0.1:$gateway_port" "${BENCH_WARMUP_LISTENERS:-300}" 10 20; sleep 5
fi
if [[ -n "${BENCH_SOAK:-}" ]]; then
  # Memory over a long run through the gateway: RSS every second in samples-soak.csv, heap after GC from the
  # gateway's GC log; listeners join over the ramp and each stays BENCH_SOAK seconds.
  run soak "ws://127.0.0.1:$gateway_port" "$listeners" "$ramp" "$BENCH_SOAK"
  python3 bench/streaming/memory.py "$work/samples-soak.csv" | tee -a "$work/results.md"
else
  if [[ "${BENCH_ONLY:-}" != gateway ]]; then run direct "ws://127.0.0.1:$stream_port"; sleep 5; fi
  if [[ "${BENCH_ONLY:-}" != direct ]]; then run gateway "ws://127.0.0.1:$gateway_port"; fi
  if [[ -n "$baseline_pid" ]]; then
    sleep 5
    run gateway-baseline "ws://127.0.0.1:$baseline_port" "$listeners" "$ramp" "$listen" "$baseline_pid"
  fi
fi
curl -s "http://127.0.0.1:$stream_port/actuator/prometheus" | grep -E '^lalala_stream_(first_segment_seconds_(count|sum|max)|clients_dropped|segments_sent|bytes_sent)|^cache_(gets|evictions)_total' \
  | tee -a "$work/results.md"
curl -s "http://127.0.0.1:$gateway_port/actuator/prometheus" | grep -E '^lalala_gateway_websocket' | tee -a "$work/results.md"
