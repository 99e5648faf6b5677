#!/usr/bin/env bash
# Playlists through the gateway, on the running fleet: add and move p99 while a playlist grows to 1,000 songs, then
# the read of that 1,000-song playlist (p50/p99, sequential and with concurrent readers).
#   ./lalala up && bench/playlists/run.sh          (default http://127.0.0.1:8080, mail API :13080)
#   BENCH_ITEMS=1000 BENCH_MOVES=300 BENCH_READS=500 bench/playlists/run.sh [GATEWAY] [MAIL_API]
# Signs up and verifies a user (real verification mail), uploads one short generated song, waits for READY, then
# hands over to PlaylistsBench.java (the same song may appear many times in a playlist).
set -euo pipefail
cd "$(dirname "$0")/../.."
gateway=${1:-http://127.0.0.1:8080}
mail=${2:-http://127.0.0.1:13080}
work=bench/playlists/target
mkdir -p "$work"

source bench/lib.sh
bench_require curl jq unzip
# A busy machine can leave the fleet briefly not ready right after `up`: give it a minute.
healthy=""
for _ in $(seq 1 60); do
  curl -sf -m 5 "$gateway/actuator/health/fleet" >/dev/null && { healthy=1; break; }
  sleep 1
done
[[ -n "$healthy" ]] || { echo "no healthy fleet at $gateway: run ./lalala up first"; curl -s -m 5 "$gateway/actuator/health/fleet"; echo; exit 1; }
ffmpeg=$(bench_ffmpeg "$work")
song=$work/song-5s.wav
[[ -s "$song" ]] || "$ffmpeg" -v error -nostdin -y -f lavfi -i "$(bench_music 5)" -c:a pcm_s16le "$song"

email="bench-playlists-$(date +%s%N | tail -c 9)@example.com"
password="playlist bench passphrase 7"
curl -sf -H 'Content-Type: application/json' "$gateway/api/auth/signup" \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Playlist Bench\"}" >/dev/null
token=""
for _ in $(seq 1 100); do
  token=$(curl -sf "$mail/messages?to=$email" | jq -r '.messages[-1].text // empty' | grep -o 'token=[A-Za-z0-9_-]*' | head -1 | cut -d= -f2 || true)
  [[ -n "$token" ]] && break; sleep 0.3
done
[[ -n "$token" ]] || { echo "no verification mail for $email"; exit 1; }
curl -sf -H 'Content-Type: application/json' "$gateway/api/auth/email/verify" -d "{\"token\":\"$token\"}" >/dev/null
access=$(curl -sf -H 'Content-Type: application/json' "$gateway/api/auth/login" \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .accessToken)
id=$(curl -sf -H "Authorization: Bearer $access" "$gateway/api/tracks" -F "file=@$song;type=audio/wav" \
  -F genre=electronic -F "title=Bench song" | jq -r .id)
for _ in $(seq 1 600); do
  status=$(curl -sf -H "Authorization: Bearer $access" "$gateway/api/tracks/$id" | jq -r .status)
  [[ $status == PROCESSING ]] || break; sleep 0.2
done
[[ $status == READY ]] || { echo "song ended $status"; exit 1; }

JAVA_HOME="$(./lalala java-home)"
exec "$JAVA_HOME/bin/java" -Dbench.items="${BENCH_ITEMS:-1000}" -Dbench.moves="${BENCH_MOVES:-300}" \
  -Dbench.reads="${BENCH_READS:-500}" bench/playlists/PlaylistsBench.java "$gateway" "$access" "$id"
