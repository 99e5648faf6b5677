#!/usr/bin/env bash
# Listening rooms under load through two gateway processes on port 8080 (SO_REUSEPORT), two chat-service instances
# behind them (bench/README.md, "Rooms"). Two gateways: one proxies each WebSocket with two descriptors, so a process
# under this machine's hard limit of 20,000 open files holds fewer than 10,000 sockets.
#   flock /work/wt/fleet.lock bench/rooms/run.sh    # starts ./lalala up --chat-instances 2 --gateway-instances 2, runs, downs
#   BENCH_URL=http://127.0.0.1:8080 BENCH_MAIL_URL=http://127.0.0.1:<mail port> bench/rooms/run.sh   # a fleet already up
#   BENCH_SOCKETS=10000 BENCH_SOCKETS_PER_USER=50 ...            # the 10,000-socket target
#   BENCH_SOCKETS=3000 BENCH_SOCKETS_PER_USER=1 BENCH_ROOM_SIZES=3000 ...   # 3,000 distinct users in one room
# Knobs: see rooms-bench.mjs. The fleet is started with the per-address signup/login limits lifted (the bench signs
# up its users from one address) and chat limits that fit the plan (sockets per user, rooms per host).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_require node npm
work=bench/rooms/target
mkdir -p "$work"
(cd bench/rooms && npm ci --no-audit --no-fund --silent)

ours=0
if [[ -z "${BENCH_URL:-}" ]]; then
  per_user=${BENCH_SOCKETS_PER_USER:-50}
  export LALALA_SERVICE_JVM_OPTIONS="${LALALA_SERVICE_JVM_OPTIONS:-} -Dlalala.chat.sockets-per-user=$((per_user + 5))
    -Dlalala.chat.rooms-per-user=100000 -Dlalala.gateway.limits.rate.signup.requests=100000
    -Dlalala.gateway.limits.rate.login.requests=100000 -Dlalala.auth.throttle.address-free-failures=100000
    -Dlalala.auth.throttle.address-lock-failures=200000"
  ./lalala up --chat-instances 2 --gateway-instances 2 | tee "$work/up.log"
  ours=1
  export BENCH_MAIL_URL=$(grep -o 'Mail: *http://[^ ]*/messages' "$work/up.log" | sed 's|Mail: *||; s|/messages||')
  export BENCH_URL=http://127.0.0.1:8080
fi
trap '[[ $ours == 1 ]] && ./lalala down' EXIT
ulimit -n "$(ulimit -Hn)" || true
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_OUT="$work/results-$(date -u +%Y%m%dT%H%M%SZ).json" node bench/rooms/rooms-bench.mjs
