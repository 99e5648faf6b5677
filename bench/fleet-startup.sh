#!/usr/bin/env bash
# Time to healthy and resident memory of the whole fleet, as ./lalala up runs it.
#   bench/fleet-startup.sh          both measurements below, then stops the fleet
# 1. cold: ./lalala build from a clean tree (Maven's ~/.m2 already filled), then ./lalala up with no startup
#    caches: infrastructure + first start of the nine services, until every readiness probe is UP;
# 2. warm: after a stop (which saves each service's startup cache), the next ./lalala up: no build.
# Resident memory is the sum of VmRSS over every process tree, as ./lalala status reports it.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require bc

now() { date +%s.%N; }
secs() { printf '%.0f' "$(echo "$2 - $1" | bc)"; }
find_java_line() { "$(./lalala java-home)/bin/java" -version 2>&1 | head -1; }
total_rss() { ./lalala status 2>/dev/null | awk '/^Total resident memory/ {print $4}'; }

./lalala down >/dev/null 2>&1 || true
./mvnw -q -B clean >/dev/null 2>&1
rm -rf .lalala/apps .lalala/cds .lalala/build.stamp

# The data (databases, users, indices) is kept: delete .lalala/data first to time provisioning from nothing too.
data_before=$([ -d .lalala/data ] && echo "kept from earlier runs" || echo "none (provisioned from nothing)")

t0=$(now); ./lalala build >/dev/null; t1=$(now)
build=$(secs "$t0" "$t1")
t0=$(now); ./lalala up >/dev/null; t1=$(now)
cold=$(secs "$t0" "$t1"); cold_rss=$(total_rss)

t0=$(now); ./lalala down >/dev/null; t1=$(now)
first_down=$(secs "$t0" "$t1")

t0=$(now); ./lalala up >/dev/null; t1=$(now)
warm=$(secs "$t0" "$t1"); warm_rss=$(total_rss)
./lalala status 2>/dev/null > /tmp/lalala-bench-status.txt

t0=$(now); ./lalala down >/dev/null; t1=$(now)
warm_down=$(secs "$t0" "$t1")

cat <<REPORT
machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
java:    $(find_java_line)
data before the first up: $data_before
build (clean, ~/.m2 filled):           ${build} s
first up after build (no caches):      ${cold} s, resident ${cold_rss} MB
cold total (build + first up):         $((build + cold)) s
first down (saves startup caches):     ${first_down} s
warm up (no build, caches in place):   ${warm} s, resident ${warm_rss} MB
warm down:                             ${warm_down} s
per process (warm):
$(cat /tmp/lalala-bench-status.txt)
REPORT
