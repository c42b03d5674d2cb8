#!/usr/bin/env bash
# Overload benchmark: trades from wrk, a client that never backs off (it sends again the moment
# an answer arrives and ignores Retry-After), at 64, 256, 512, 1024 and 2048 connections in one
# run against one service and the embedded MariaDB (or the database TIDB_* names). Per step it
# prints goodput (successful trades/s), shed rate (503/s), other answers, and the p99 of the
# successful trades as the service measured them (from request head to answer, admission wait
# included; its Prometheus histogram, so to within one bucket of about 10%), and the CPU the
# service used (cores busy, from /proc/PID/stat). Then the ratio of goodput at 1024 connections
# to the peak at 64-256.
#
#   bash src/bench/overload.sh        # SECONDS_PER_STEP=15 STEPS="64 256 512 1024 2048" PLAYERS=1000
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the overload benchmark needs it"
  exit 0
fi

SECS=${SECONDS_PER_STEP:-15}
STEPS=${STEPS:-64 256 512 1024 2048}
PLAYERS=${PLAYERS:-1000}
PORT=${BENCH_PORT:-18090}
URL="http://127.0.0.1:$PORT"
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init
# wrk opens a descriptor per connection.
ulimit -n 65536 2>/dev/null || true

bench_database

HTTP_PORT=$PORT java ${SERVICE_JAVA_OPTS:-} -jar "$JAR" 2>"$WORK/service.log" &
SERVICE=$!
PIDS+=($SERVICE)
bench_await "$URL"

bench_players "$URL" "$PLAYERS"

# p99 of the 200s to POST /trades between two scrapes of /metrics, from the bucket differences.
scrape() { curl -s "$URL/metrics" | grep '^vertx_http_server_response_time_seconds_bucket' | grep 'code="200"' | grep 'method="POST"' || true; }
p99() {
  awk 'FNR == NR { sub(/.*le="/, "", $1); split($0, a, "\""); before[a[1]] = $NF; next }
       { line = $0; le = line; sub(/.*le="/, "", le); sub(/".*/, "", le); n[le] = $NF - before[le]; order[++k] = le }
       END { total = n["+Inf"]; if (total == 0) { print "-"; exit }
             for (i = 1; i <= k; i++) if (n[order[i]] >= 0.99 * total) { printf "%.1f", order[i] * 1000; exit } }' "$1" "$2"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE/stat"; }
TICK=$(getconf CLK_TCK)
run() { PLAYERS=$PLAYERS wrk -t2 -c"$1" -d"$2s" --timeout 30s -s src/bench/overload.lua "$URL" 2>&1; }
echo "warming up (${SECS}s at 64 connections)..."
run 64 "$SECS" >/dev/null

printf "%-12s %12s %10s %8s %12s %14s\n" connections "goodput/s" "shed/s" "other" "p99 ok (ms)" "service cores"
for c in $STEPS; do
  scrape >"$WORK/before"
  cpu_before=$(cpu_ticks)
  out=$(run "$c" "$SECS")
  cpu_after=$(cpu_ticks)
  scrape >"$WORK/after"
  line=$(grep '^COUNTS' <<<"$out") || { echo "$out"; exit 1; }
  eval "$(sed 's/^COUNTS //' <<<"$line")"
  awk -v c="$c" -v ok="$ok" -v shed="$shed" -v x="$((other + errors))" -v s="$seconds" -v p="$(p99 "$WORK/before" "$WORK/after")" \
    -v cpu=$((cpu_after - cpu_before)) -v k="$TICK" \
    'BEGIN { printf "%-12s %12.0f %10.0f %8d %12s %14.2f\n", c, ok / s, shed / s, x, p, cpu / k / s }' | tee -a "$WORK/table"
done

peak=$(awk '$1 == 64 || $1 == 256 { if ($2 > p) p = $2 } END { print p + 0 }' "$WORK/table")
at1024=$(awk '$1 == 1024 { print $2 }' "$WORK/table")
[ -n "$at1024" ] && awk -v a="$at1024" -v p="$peak" 'BEGIN { printf "goodput at 1024 / peak at 64-256: %.2f\n", a / p }'
curl -s "$URL/metrics" | grep -E "^(requests_shed_total|trades_total)" || true
