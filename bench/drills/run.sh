#!/usr/bin/env bash
# Crash drills (issue 20) on a running fleet: kill -9 one process at a time, bring it back with `./lalala up` (the
# only restart used), and print what was seen against what is wanted.
#   ./lalala up && bench/drills/run.sh [mail|takeover|pipeline|streaming|kafka ...]   (default: all, in that order)
# Needs curl, jq, node (20+, for the streaming listener) and unzip (the static ffmpeg, as the other benches).
# Sign-ups go to auth-service directly (127.0.0.1:8081): the gateway allows 10 sign-ups per hour per address and
# the drills make more. Everything else goes through the gateway, as a user's app would, except the profile checks
# of the takeover drill (user-service directly, so the gateway's circuit breaker does not blur the figure).
# Leaves the fleet up (every process brought back); `./lalala down` afterwards.
set -uo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_require curl jq node unzip

gw=${GATEWAY:-http://127.0.0.1:8080}
auth=${AUTH:-http://127.0.0.1:8081}
users=${USERS:-http://127.0.0.1:8082}
mail=${MAIL_API:-http://127.0.0.1:13080}
run=.lalala/run
work=bench/drills/target
mkdir -p "$work"
drills=("$@"); (( ${#drills[@]} )) || drills=(mail takeover pipeline streaming kafka)
password="drill passphrase 7 of 9"
rows=()

now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
say() { printf '[drill %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
row() { rows+=("| $1 | $2 | $3 | $4 |"); say "$1: $2 -> $4"; }
pid_of() { awk '{print $1}' "$run/$1.pid" 2>/dev/null; }

# kill -9 of one process (a service or an infrastructure component by its run file), waiting until it is gone.
kill9() {
  local pid; pid=$(pid_of "$1")
  [[ -n "$pid" ]] || { say "no pid file for $1"; return 1; }
  kill -9 "$pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { say "killed $1 (pid $pid)"; return 0; }; sleep 0.1; done
  say "$1 (pid $pid) still alive"; return 1
}

lalala_up() {
  local t0; t0=$(now_ms)
  if ! ./lalala up > "$work/up.log" 2>&1; then say "./lalala up failed:"; tail -20 "$work/up.log" >&2; exit 1; fi
  say "./lalala up took $(secs $(( $(now_ms) - t0 ))) s"
}

fleet_up() { curl -sf -o /dev/null "$gw/actuator/health/fleet"; }
require_fleet() { fleet_up || { echo "the fleet is not healthy at $gw: ./lalala up first" >&2; exit 1; }; }

# Signs up EMAIL at auth-service; prints the user id (empty on failure).
signup() {
  curl -s -H 'Content-Type: application/json' "$auth/api/auth/signup" \
    -d "{\"email\":\"$1\",\"password\":\"$password\",\"displayName\":\"Drill\"}" | jq -r '.userId // empty'
}
mails_to() { curl -sf "$mail/messages?to=$1" | jq '.messages | length' 2>/dev/null || echo 0; }
unique() { printf 'drill-%s-%s@example.com' "$1" "$(date +%s%N | tail -c 10)"; }

# A verified account's access token (sign-up, the link from the real mail, login).
verified_token() {
  local email token=""; email=$(unique "$1")
  [[ -n "$(signup "$email")" ]] || { say "sign-up failed"; return 1; }
  for _ in $(seq 1 100); do
    token=$(curl -sf "$mail/messages?to=$email" | jq -r '.messages[-1].text // empty' | grep -o 'token=[A-Za-z0-9_-]*' | head -1 | cut -d= -f2)
    [[ -n "$token" ]] && break; sleep 0.3
  done
  curl -sf -o /dev/null -H 'Content-Type: application/json' "$auth/api/auth/email/verify" -d "{\"token\":\"$token\"}"
  curl -sf -H 'Content-Type: application/json' "$auth/api/auth/login" \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .accessToken
}

# A generated song of MINUTES as MP3 (cached).
song() {
  local ffmpeg file="$work/drill-$1min.mp3"
  if [[ ! -s "$file" ]]; then
    ffmpeg=$(bench_ffmpeg "$work")
    "$ffmpeg" -v error -nostdin -y -f lavfi -i "$(bench_music $(( $1 * 60 )))" -c:a libmp3lame -b:a 192k "$file"
  fi
  printf '%s' "$file"
}

upload() { # TOKEN FILE -> track id
  curl -s -H "Authorization: Bearer $1" "$gw/api/tracks" -F "file=@$2;type=audio/mpeg" -F genre=electronic \
    -F "title=Drill $(date +%s)" | jq -r '.id // empty'
}
track_field() { curl -s -H "Authorization: Bearer $1" "$gw/api/tracks/$2" | jq -r "$3" 2>/dev/null; }

# 1. SMTP down, three sign-ups, auth-service killed, then both back with one `./lalala up`.
drill_mail() {
  say "mail: SMTP down, 3 sign-ups, auth-service killed, ./lalala up"
  local emails=() e created=0
  kill9 mail || return
  for i in 1 2 3; do
    e=$(unique "mail$i"); emails+=("$e")
    [[ -n "$(signup "$e")" ]] && created=$((created + 1))
  done
  sleep 3   # the relay tries, SMTP refuses
  kill9 auth-service || return
  lalala_up
  local deadline=$(( $(now_ms) + 150000 )) sent=0 n
  while (( $(now_ms) < deadline )); do
    sent=0; for e in "${emails[@]}"; do (( $(mails_to "$e") >= 1 )) && sent=$((sent + 1)); done
    (( sent == 3 )) && break; sleep 1
  done
  sleep 10   # more relay rounds: nothing may go out twice
  local max=0 total=0
  for e in "${emails[@]}"; do n=$(mails_to "$e"); total=$((total + n)); (( n > max )) && max=$n; done
  local verdict=FAIL; (( created == 3 && sent == 3 && max == 1 )) && verdict=PASS
  row "SMTP down, 3 sign-ups, auth-service killed and restarted, SMTP back" \
    "$created sign-ups answered 201; $sent of 3 verification mails sent, $total mails in all (at most $max per address)" \
    "3 of 3 sent once SMTP is back, each exactly once" "$verdict"
}

# 2. user-service killed during sign-ups: how long after it is ready do the missing profiles appear?
drill_takeover() {
  say "takeover: 20 sign-ups, user-service killed after the 5th"
  local ids=() id ready_file="$work/user-ready.ms"
  rm -f "$ready_file"
  for i in $(seq 1 20); do
    id=$(signup "$(unique "takeover$i")"); [[ -n "$id" ]] && ids+=("$id")
    if (( i == 5 )); then kill9 user-service || return; fi
    sleep 0.2
  done
  # When user-service is ready again, to the 100 ms.
  ( while :; do
      if curl -sf -o /dev/null "$users/actuator/health/readiness"; then now_ms > "$ready_file"; exit 0; fi
      sleep 0.1
    done ) &
  local watcher=$!
  lalala_up
  wait "$watcher" 2>/dev/null
  local ready; ready=$(cat "$ready_file")
  local deadline=$(( ready + 120000 )) missing last
  while :; do
    missing=0
    for id in "${ids[@]}"; do
      [[ "$(curl -s -o /dev/null -w '%{http_code}' "$users/api/users/$id")" == 200 ]] || missing=$((missing + 1))
    done
    last=$(now_ms)
    (( missing == 0 || last > deadline )) && break
    sleep 0.2
  done
  local after=$(( last - ready ))
  local verdict=FAIL; (( missing == 0 && after < 10000 )) && verdict=PASS
  row "user-service killed during sign-ups" \
    "$(( ${#ids[@]} - missing )) of ${#ids[@]} profiles; the last appeared $(secs $after) s after user-service was ready" \
    "under 10 s after the service is ready" "$verdict"
}

# 3. track-service killed mid-processing: does the restarted instance resume its own job at once?
drill_pipeline() {
  say "pipeline: upload, track-service killed mid-processing"
  local token file id stage="" t_kill ready_file="$work/track-ready.ms"
  token=$(verified_token pipeline) || return
  file=$(song "${DRILL_MINUTES:-10}")
  id=$(upload "$token" "$file")
  [[ -n "$id" ]] || { row "track-service killed mid-processing" "upload failed" "-" FAIL; return; }
  for _ in $(seq 1 600); do
    stage=$(track_field "$token" "$id" '.processing.stage // .status')
    [[ "$stage" == SEGMENTING || "$stage" == ANALYZING || "$stage" == READY ]] && break
    sleep 0.05
  done
  if [[ "$stage" == READY ]]; then
    row "track-service killed mid-processing" "the song was READY before the kill (too short a song?)" "-" FAIL; return
  fi
  kill9 track-service || return; t_kill=$(now_ms)
  say "killed at stage $stage"
  rm -f "$ready_file"
  ( while :; do
      if curl -sf -o /dev/null "http://127.0.0.1:8084/actuator/health/readiness"; then now_ms > "$ready_file"; exit 0; fi
      sleep 0.1
    done ) &
  local watcher=$!
  lalala_up
  wait "$watcher" 2>/dev/null
  local ready status=""; ready=$(cat "$ready_file")
  for _ in $(seq 1 1200); do
    status=$(track_field "$token" "$id" .status)
    [[ "$status" == READY || "$status" == FAILED ]] && break
    sleep 0.1
  done
  local done_at; done_at=$(now_ms)
  local after=$(( done_at - ready ))
  # When the restarted instance picked the job up again: its own log line (ProcessingWorker, "resumes ... [id]"),
  # so the verdict does not hang on how fast ffmpeg is on a busy machine. Negative: before readiness answered UP.
  local resumed_line resumed_ms="" resumed_text="no resume logged (the job waited for its lease)"
  resumed_line=$(grep "resumes .*$id" .lalala/logs/track-service.log 2>/dev/null | tail -1)
  if [[ -n "$resumed_line" ]]; then
    resumed_ms=$(date -d "$(cut -c1-23 <<<"$resumed_line")Z" +%s%3N)
    resumed_text="resumed $(secs $(( resumed_ms - ready ))) s after track-service was ready"
  fi
  local verdict=FAIL
  [[ "$status" == READY && -n "$resumed_ms" ]] && (( resumed_ms - ready < 5000 )) && verdict=PASS
  row "track-service killed mid-processing ($stage)" \
    "$resumed_text; $status $(secs $after) s after ready ($(secs $(( done_at - t_kill ))) s after the kill; lease 60 s)" \
    "a restarted instance resumes its own interrupted jobs at once" "$verdict"
  curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$gw/api/tracks/$id"
}

# 4. streaming-service killed mid-song: how does the gateway close the listener's socket?
drill_streaming() {
  say "streaming: a listener mid-song, streaming-service killed"
  local token file id status="" mark="$work/playing.mark" out="$work/listener.json"
  token=$(verified_token streaming) || return
  file=$(song 3)
  id=$(upload "$token" "$file")
  for _ in $(seq 1 600); do
    status=$(track_field "$token" "$id" .status); [[ "$status" == READY ]] && break; sleep 0.2
  done
  rm -f "$mark" "$out"
  node --experimental-websocket --no-warnings bench/drills/stream-listener.mjs "${gw/http/ws}/api/stream/ws" "$token" "$id" "$mark" > "$out" &
  local listener=$!
  for _ in $(seq 1 100); do [[ -f "$mark" ]] && break; sleep 0.1; done
  kill9 streaming-service || return
  wait "$listener"
  local code reason segments
  code=$(jq -r .code "$out"); reason=$(jq -r .reason "$out"); segments=$(jq -r .segments "$out")
  lalala_up
  local verdict=FAIL; [[ "$code" == 1011 || "$code" == 1012 ]] && [[ -n "$reason" ]] && verdict=PASS
  row "streaming-service killed mid-song" \
    "after $segments segments the socket closed with $code \"${reason}\"" \
    "a close code and reason that tell a player to reconnect (1012 or 1011)" "$verdict"
  curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$gw/api/tracks/$id"
}

# 5. Kafka down: does fleet health say so, naming the broker?
drill_kafka() {
  say "kafka: broker killed"
  kill9 kafka || return
  local t0 fleet="" status named="" waited
  t0=$(now_ms)
  for _ in $(seq 1 60); do
    fleet=$(curl -s "$gw/actuator/health/fleet")
    status=$(jq -r .status <<<"$fleet")
    [[ "$status" == DOWN ]] && break; sleep 0.5
  done
  waited=$(( $(now_ms) - t0 ))
  local down; down=$(jq -r '[.components.downstream.components | to_entries[] | select(.value.status != "UP") | .key] | join(", ")' <<<"$fleet")
  ./lalala status > "$work/status.txt" 2>&1
  named=$(grep -c 'missing: .*kafka' "$work/status.txt")
  local fleet_line; fleet_line=$(grep '^Fleet:' "$work/status.txt" | cut -c1-160)
  lalala_up
  local verdict=FAIL; [[ "$status" == DOWN ]] && (( named > 0 )) && verdict=PASS
  row "Kafka down" \
    "fleet health $status after $(secs $waited) s (not ready: ${down:-none}); ./lalala status: $named services missing kafka ($fleet_line)" \
    "health shows the fleet degraded, with the broker named" "$verdict"
}

require_fleet
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%dT%H:%MZ)"
for d in "${drills[@]}"; do
  "drill_$d"
  # Every drill ends with the whole fleet healthy again.
  for _ in $(seq 1 120); do fleet_up && break; sleep 1; done
done
echo
echo "| drill | seen | wanted | result |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
