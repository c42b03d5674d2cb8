#!/usr/bin/env bash
# Live feed benchmark: SUBSCRIBERS streams of GET /trades/stream (one all trades, the others one
# player each) while wrk trades among 1000 players, on one service and the embedded MariaDB (or
# the database TIDB_* names). In alternating pairs of SECONDS_PER_RUN runs, wrk trades alone and
# then with the streams open; the streams come from the jar's own subscriber client
# (io.playerservice.loadtest.FeedSubscribers), which reconnects as a browser's EventSource does.
# It prints per run: trades/s (wrk's 200s); the service's CPU per trade (/proc/PID/stat), and with
# the streams the client's, which shares the machine's cores; the delay from each trade's stamp
# (its traded_at, just before its COMMIT) to the event's arrival at the client, same machine,
# p50/p99 over every event of every stream; the service's resident memory (VmRSS) alone and with
# the streams. Then the medians and the throughput with / without streams (target >= 0.9).
#
#   bash src/bench/feed.sh        # PAIRS=3 SECONDS_PER_RUN=15 SUBSCRIBERS=1000 CONNECTIONS=64
set -euo pipefail
cd "$(dirname "$0")/../.."

PAIRS=${PAIRS:-3}
SECS=${SECONDS_PER_RUN:-15}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
CONNECTIONS=${CONNECTIONS:-64}
PLAYERS=1000
# The subscriber client's first seconds, its JVM warming up, are not in its delays.
SKIP=3
PORT=${BENCH_PORT:-18097}
URL="http://127.0.0.1:$PORT"
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init
# A descriptor per stream and per wrk connection, on both sides.
ulimit -n 65536 2>/dev/null || true

if ! have wrk; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the feed benchmark trades with it"
  exit 0
fi

bench_database
# Room for the streams: they are connections, and the default limit is half of them.
# This build as the README runs it, from $WORK.
(cd "$WORK" && exec env HTTP_PORT=$PORT HTTP_MAX_CONNECTIONS=$((4 * SUBSCRIBERS)) FEED_MAX_SUBSCRIBERS=$((2 * SUBSCRIBERS)) \
  java $(bench_jvm_options) ${SERVICE_JAVA_OPTS:-} -jar target/player-service.jar) 2>"$WORK/service.log" &
SERVICE=$!
PIDS+=($SERVICE)
bench_await "$URL"
bench_players "$URL" "$PLAYERS"

rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVICE/status"; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
trades() { # wrk for $1 seconds: prints "trades/s trades"
  PLAYERS=$PLAYERS wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout 30s -s src/bench/overload.lua "$URL" 2>&1 \
    | sed -n 's/^COUNTS ok=\([0-9]*\) .* seconds=\([0-9.]*\)$/\1 \2/p' | awk '{ printf "%.0f %d\n", $1 / $2, $1 }'
}
per_trade() { awk -v t="$1" -v n="$2" -v k="$TICK" 'BEGIN { printf "%.0f", t / k * 1e6 / n }'; } # µs of CPU
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "-") }'; }

# Both paths warm, the feed's too: trades alone, then trades with the streams, unmeasured.
echo "warming up (${SECS}s of trades alone, then ${SECS}s with the streams)..."
trades "$SECS" >/dev/null
java -cp "$JAR" io.playerservice.loadtest.FeedSubscribers "$URL" "$SUBSCRIBERS" "$PLAYERS" 0 "$SECS" >"$WORK/feed.out" 2>&1 &
client=$!
for _ in $(seq 1 120); do grep -q subscribed "$WORK/feed.out" 2>/dev/null && break; sleep 0.5; done
trades "$SECS" >/dev/null
wait "$client"

ROW="%-4s %-16s %10s %14s %13s %13s %13s %8s\n"
printf "$ROW" pair run "trades/s" "service µs/tr" "client µs/tr" "delay p50 ms" "delay p99 ms" "RSS MB"
for pair in $(seq 1 "$PAIRS"); do
  before=$(ticks "$SERVICE")
  read -r alone count < <(trades "$SECS")
  printf "$ROW" "$pair" "wrk alone" "$alone" "$(per_trade $(($(ticks "$SERVICE") - before)) "$count")" - - - "$(rss_mb)" \
    | tee -a "$WORK/table"
  # The client subscribes and says so; it measures from SKIP s into wrk's run (after its own JIT
  # warm-up) to the run's end, then prints its summary.
  java -cp "$JAR" io.playerservice.loadtest.FeedSubscribers "$URL" "$SUBSCRIBERS" "$PLAYERS" "$SKIP" $((SECS - SKIP)) \
    >"$WORK/feed.out" 2>"$WORK/feed.log" &
  client=$!
  for _ in $(seq 1 120); do grep -q subscribed "$WORK/feed.out" 2>/dev/null && break; sleep 0.5; done
  ( sleep $((SECS / 2)); rss_mb >"$WORK/rss" ) &
  before=$(ticks "$SERVICE")
  client_before=$(ticks "$client")
  read -r fed count < <(trades "$SECS")
  service_cpu=$(($(ticks "$SERVICE") - before))
  client_cpu=$(($(ticks "$client") - client_before))
  wait "$client"
  summary=$(tail -1 "$WORK/feed.out")
  printf "$ROW" "$pair" "$SUBSCRIBERS streams" "$fed" "$(per_trade "$service_cpu" "$count")" \
    "$(per_trade "$client_cpu" "$count")" "$(jq -r '.delayP50Ms' <<<"$summary")" "$(jq -r '.delayP99Ms' <<<"$summary")" \
    "$(cat "$WORK/rss")" | tee -a "$WORK/table"
  echo "     streams: $(jq -c '{events, reconnects, delayMaxMs}' <<<"$summary")"
done

echo "== medians of $PAIRS pairs"
alone=$(awk '$2 == "wrk" { print $4 }' "$WORK/table" | median)
fed=$(awk '$2 != "wrk" { print $4 }' "$WORK/table" | median)
echo "trades/s alone: $alone    with $SUBSCRIBERS streams: $fed"
awk -v a="$alone" -v f="$fed" 'BEGIN { r = f / a; printf "throughput with / without streams: %.2f (target >= 0.9: %s)\n", r, (r >= 0.9 ? "met" : "missed") }'
echo "service CPU per trade alone: $(awk '$2 == "wrk" { print $5 }' "$WORK/table" | median) µs    with the streams: $(awk '$2 != "wrk" { print $5 }' "$WORK/table" | median) µs (the client's own: $(awk '$2 != "wrk" { print $6 }' "$WORK/table" | median) µs)"
echo "delay from stamp to arrival p50: $(awk '$2 != "wrk" { print $7 }' "$WORK/table" | median) ms    p99: $(awk '$2 != "wrk" { print $8 }' "$WORK/table" | median) ms"
echo "service RSS alone: $(awk '$2 == "wrk" { print $9 }' "$WORK/table" | median) MB    with the streams: $(awk '$2 != "wrk" { print $9 }' "$WORK/table" | median) MB"
curl -s "$URL/metrics" | grep -E "^feed_subscribers" || true
