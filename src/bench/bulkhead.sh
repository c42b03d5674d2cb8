#!/usr/bin/env bash
# Bulkhead benchmark: what the expensive reads do to trades, and what the bulkhead costs the reads,
# in one run on the embedded MariaDB (or the database TIDB_* names) with a table of READ_PLAYERS
# players for the reads and 1000 for the trades.
#   1. The trade p99 at a fixed rate (open model, a third of the maximum loadtest measures), alone
#      and while wrk hammers the count and 1000-row pages from READERS connections
#      (src/bench/scale-reads.lua), in alternating runs: the medians, and hammered / alone
#      (target <= 2).
#   2. The reads' throughput with no trade running, the service started with its bulkhead on and
#      with ADMISSION_BULKHEAD=false, in alternating runs (each on a fresh service, warmed up):
#      the medians, and on / off (target >= 0.9).
#
#   bash src/bench/bulkhead.sh        # PAIRS=3 SECONDS_PER_RUN=10 READERS=32 READ_PLAYERS=200000
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the bulkhead benchmark needs it"
  exit 0
fi

PAIRS=${PAIRS:-3}
SECS=${SECONDS_PER_RUN:-10}
READERS=${READERS:-32}
READ_PLAYERS=${READ_PLAYERS:-200000}
PORT=${BENCH_PORT:-18096}
URL="http://127.0.0.1:$PORT"
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init
ulimit -n 65536 2>/dev/null || true

bench_database

SERVICE=
start() { # $1: settings (NAME=value ...)
  env HTTP_PORT=$PORT $1 java -jar "$JAR" 2>>"$WORK/service.log" &
  SERVICE=$!
  bench_await "$URL"
}
stop() {
  kill "$SERVICE"
  wait "$SERVICE" 2>/dev/null || true
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "-") }'; }
# A run with a failed trade exits 1; its outcomes are printed with its p99 rather than stopping the run.
loadtest() { java -jar "$JAR" loadtest --url "$URL" --players 1000 --no-keys --connections 64 --duration "$SECS" --out "$WORK/report" "$@" >"$WORK/loadtest.log" 2>&1 || true; }
outcomes() { jq -c '.outcomes' "$WORK/report/report.json"; }
field() { jq -r "$1" "$WORK/report/report.json"; }
# wrk's reads for $1 seconds: prints "ok/s shed/s other".
hammer() {
  PLAYERS=$READ_PLAYERS wrk -t2 -c"$READERS" -d"$1s" --timeout 30s -s src/bench/scale-reads.lua "$URL" 2>&1 \
    | sed -n 's/^COUNTS ok=\([0-9]*\) shed=\([0-9]*\) other=\([0-9]*\) errors=\([0-9]*\) seconds=\([0-9.]*\)$/\1 \2 \3 \4 \5/p' \
    | awk '{ printf "%.0f %.0f %d\n", $1 / $5, $2 / $5, $3 + $4 }'
}

start ""
bench_players "$URL" 1000
echo "filling $READ_PLAYERS players for the reads..."
for ((from = 1; from <= READ_PLAYERS; from += 10000)); do
  awk -v a="$from" -v b="$((from + 9999 < READ_PLAYERS ? from + 9999 : READ_PLAYERS))" 'BEGIN { printf "["; for (i = a; i <= b; i++) printf "%s{\"id\":\"sc-%09d\",\"coins\":1000,\"goods\":1000}", (i > a ? "," : ""), i; print "]" }' >"$WORK/fill.json"
  curl -sf -o /dev/null -X POST "$URL/players/bulk" -H 'Content-Type: application/json' --data-binary @"$WORK/fill.json"
done

echo "== 1. trade p99, alone and while $READERS connections hammer the reads"
loadtest --warmup 5 # unmeasured: the JIT, so the maximum is not the coldest
loadtest
RATE=$(($(field '.tradesPerSecond | floor') / 3))
hammer 5 >/dev/null # the reads' paths warm too
echo "at $RATE trades/s (a third of the $((RATE * 3)) measured)"
printf "%-6s %-10s %12s %22s  %s\n" pair run "p99 (ms)" "reads ok/s (503/s)" "trade outcomes"
for pair in $(seq 1 "$PAIRS"); do
  loadtest --rate "$RATE"
  alone=$(field .latencyMs.p99)
  echo "$alone" >>"$WORK/alone"
  printf "%-6s %-10s %12s %22s  %s\n" "$pair" alone "$alone" - "$(outcomes)"
  hammer $((SECS + 4)) >"$WORK/reads" &
  READS=$!
  sleep 2
  loadtest --rate "$RATE"
  hammered=$(field .latencyMs.p99)
  wait "$READS"
  echo "$hammered" >>"$WORK/hammered"
  printf "%-6s %-10s %12s %22s  %s\n" "$pair" hammered "$hammered" "$(awk '{ printf "%d (%d)", $1, $2 }' "$WORK/reads")" "$(outcomes)"
done
stop

echo "== 2. read throughput with no trade running, bulkhead on and off"
printf "%-6s %-10s %12s %10s %8s\n" pair bulkhead "reads ok/s" "503/s" other
for pair in $(seq 1 "$PAIRS"); do
  for mode in on off; do
    start "$([ $mode = off ] && echo ADMISSION_BULKHEAD=false || true)"
    hammer 5 >/dev/null # warm-up, unmeasured
    read -r ok shed other < <(hammer "$SECS")
    stop
    echo "$ok" >>"$WORK/reads-$mode"
    printf "%-6s %-10s %12s %10s %8s\n" "$pair" "$mode" "$ok" "$shed" "$other"
  done
done

echo "== medians of $PAIRS pairs"
alone=$(median <"$WORK/alone")
hammered=$(median <"$WORK/hammered")
on=$(median <"$WORK/reads-on")
off=$(median <"$WORK/reads-off")
awk -v a="$alone" -v h="$hammered" 'BEGIN { printf "trade p99 hammered / alone: %.2f (%s ms / %s ms; target <= 2: %s)\n", h / a, h, a, (h <= 2 * a) ? "met" : "missed" }'
awk -v on="$on" -v off="$off" 'BEGIN { printf "reads bulkhead on / off:     %.2f (%s / %s reads/s; target >= 0.9: %s)\n", on / off, on, off, (on >= 0.9 * off) ? "met" : "missed" }'
