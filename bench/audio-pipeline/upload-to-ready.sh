#!/usr/bin/env bash
# Upload-to-READY through the gateway, on the running fleet: what an artist waits for, end to end.
#   ./lalala up && bench/audio-pipeline/upload-to-ready.sh       (default http://127.0.0.1:8080, mail API :13080)
#   BENCH_MINUTES=5 BENCH_RUNS=3 BENCH_FORMAT=mp3|wav bench/audio-pipeline/upload-to-ready.sh [GATEWAY] [MAIL_API]
# Signs up a user, verifies the email with the link from the real verification mail, logs in, then per run: uploads a
# generated song (multipart, as the web app does), and polls GET /api/tracks/{id} every 100 ms until READY.
# Reports per run: the upload request (202 answered), then READY after the upload began, and the stage timeline.
set -euo pipefail
cd "$(dirname "$0")/../.."
gateway=${1:-http://127.0.0.1:8080}
mail=${2:-http://127.0.0.1:13080}
minutes=${BENCH_MINUTES:-5}
runs=${BENCH_RUNS:-3}
format=${BENCH_FORMAT:-mp3}
work=bench/audio-pipeline/target
mkdir -p "$work"

source bench/lib.sh
bench_require curl jq unzip
curl -sf "$gateway/actuator/health/fleet" >/dev/null || { echo "no healthy fleet at $gateway: run ./lalala up first"; exit 1; }

ffmpeg=$(bench_ffmpeg "$work")
song=$work/upload-${minutes}min.$format
if [[ ! -s "$song" ]]; then
  codec=(-c:a libmp3lame -b:a 192k); [[ $format == wav ]] && codec=(-c:a pcm_s16le)
  "$ffmpeg" -v error -nostdin -y -f lavfi -i "$(bench_music $((minutes * 60)))" "${codec[@]}" "$song"
fi

now_ms() { date +%s%3N; }
email="bench-upload-$(date +%s%N | tail -c 9)@example.com"
password="upload bench passphrase 7"
curl -sf -H 'Content-Type: application/json' "$gateway/api/auth/signup" \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Upload Bench\"}" >/dev/null
token=""
for _ in $(seq 1 100); do
  token=$(curl -sf "$mail/messages?to=$email" | jq -r '.messages[-1].text // empty' | grep -o 'token=[A-Za-z0-9_-]*' | head -1 | cut -d= -f2 || true)
  [[ -n "$token" ]] && break; sleep 0.3
done
[[ -n "$token" ]] || { echo "no verification mail for $email"; exit 1; }
curl -sf -H 'Content-Type: application/json' "$gateway/api/auth/email/verify" -d "{\"token\":\"$token\"}" >/dev/null
access=$(curl -sf -H 'Content-Type: application/json' "$gateway/api/auth/login" \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .accessToken)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); song: $minutes min $format, $(stat -c %s "$song") bytes"
echo "| run | upload answered (202) ms | READY after upload began ms | stages (ms after upload began) |"
echo "|---|---|---|---|"
mime=audio/mpeg; [[ $format == wav ]] && mime=audio/wav
for run in $(seq 1 "$runs"); do
  t0=$(now_ms)
  id=$(curl -sf -H "Authorization: Bearer $access" "$gateway/api/tracks" \
    -F "file=@$song;type=$mime" -F genre=electronic -F "title=Bench $run" | jq -r .id)
  t1=$(now_ms)
  stage="" stages="" status=PROCESSING
  while [[ $status == PROCESSING ]]; do
    body=$(curl -sf -H "Authorization: Bearer $access" "$gateway/api/tracks/$id")
    status=$(jq -r .status <<<"$body")
    s=$(jq -r '.processing.stage // empty' <<<"$body")
    if [[ -n "$s" && "$s" != "$stage" ]]; then stage=$s; stages="$stages $s@$(( $(now_ms) - t0 ))"; fi
    if [[ $status == PROCESSING ]]; then
      (( $(now_ms) - t0 < 600000 )) || { echo "run $run not READY after 10 minutes: $body"; exit 1; }
      sleep 0.1
    fi
  done
  t2=$(now_ms)
  [[ $status == READY ]] || { echo "run $run ended $status: $(jq -c .processing <<<"$body")"; exit 1; }
  echo "| $run | $((t1 - t0)) | $((t2 - t0)) |$stages |"
  curl -sf -X DELETE -H "Authorization: Bearer $access" "$gateway/api/tracks/$id" >/dev/null
done
