#!/usr/bin/env bash
# What the trade ledger and Idempotency-Key cost: the jar from before the ledger (BASELINE_REF,
# built in a temporary git worktree) against this checkout's jar, on one embedded MariaDB, in
# alternating runs of the same load generator (this jar's loadtest, 1000 players):
#   baseline  the old jar, trades without a key
#   ledger    this jar, trades without a key (a ledger row per trade)
#   keyed     this jar, every trade with its own Idempotency-Key (a ledger row and a key row)
# It prints trades/s and the service's CPU per trade for each run, and the medians' ratios.
#
#   bash src/bench/ledger-cost.sh     # ROUNDS=3 SECONDS_PER_RUN=10 CONNECTIONS=64 BASELINE_REF=0c97368
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
SECS=${SECONDS_PER_RUN:-10}
CONNECTIONS=${CONNECTIONS:-64}
PLAYERS=${PLAYERS:-1000}
BASELINE_REF=${BASELINE_REF:-0c97368}
PORT=${BENCH_PORT:-18080}
URL="http://127.0.0.1:$PORT"
# The embedded server is sized for a laptop (64 MB buffer pool); the runs grow the ledger past
# that, and a benchmark of the service must not turn into one of the disk.
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  git worktree remove --force "$WORK/baseline" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f target/player-service.jar ] || mvn -q -B package -DskipTests
cp target/player-service.jar "$WORK/ledger.jar"
mkdir -p "$WORK/lib" && cp target/lib/*.jar "$WORK/lib/"
echo "building the baseline jar at $BASELINE_REF ..."
git worktree add -q --detach "$WORK/baseline" "$BASELINE_REF"
(cd "$WORK/baseline" && mvn -q -B package -DskipTests) >/dev/null
cp "$WORK/baseline/target/player-service.jar" "$WORK/baseline.jar"
JAR="$WORK/ledger.jar"

EMBEDDED_DATA_DIR=:temp: java -jar "$JAR" embedded-db $BENCH_DB_ARGS >"$WORK/db.env" 2>"$WORK/db.log" &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q TIDB_DB_NAME "$WORK/db.env" 2>/dev/null && break; sleep 1; done
set -a; . "$WORK/db.env"; set +a

TICK=$(getconf CLK_TCK)
field() { sed -n "s/.*\"$1\" : \([0-9.]*\).*/\1/p" "$WORK/report/report.json" | head -1; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# One run: start the service from $1, warm it (5 s, unmeasured), measure, stop it. One line.
run() {
  local label=$1 jar=$2; shift 2
  HTTP_PORT=$PORT java -jar "$jar" 2>"$WORK/service.log" &
  local service=$!
  for _ in $(seq 1 60); do curl -sf "$URL/players/count" >/dev/null 2>&1 && break; sleep 1; done
  java -jar "$JAR" loadtest --url "$URL" --players "$PLAYERS" --connections "$CONNECTIONS" --duration 5 \
    --out "$WORK/report" "$@" >/dev/null || { echo "$label warm-up failed"; exit 1; }
  local before after
  before=$(awk '{ print $14 + $15 }' "/proc/$service/stat")
  java -jar "$JAR" loadtest --url "$URL" --players "$PLAYERS" --connections "$CONNECTIONS" --duration "$SECS" \
    --out "$WORK/report" "$@" >"$WORK/lt.out" || { cat "$WORK/lt.out"; exit 1; }
  after=$(awk '{ print $14 + $15 }' "/proc/$service/stat")
  kill "$service"; wait "$service" 2>/dev/null || true
  awk -v l="$label" -v h="$(field tradesPerSecond)" -v c=$((after - before)) -v t="$(field trades)" -v k="$TICK" 'BEGIN {
    printf "%-9s %6d trades/s  service CPU %4.0f µs/trade\n", l, h, c / k * 1e6 / t }'
}

echo "== $PLAYERS players, $CONNECTIONS HTTP connections, ${SECS}s runs after a 5 s warm-up, $ROUNDS rounds"
for i in $(seq 1 "$ROUNDS"); do
  run baseline "$WORK/baseline.jar" --no-keys
  run ledger "$JAR" --no-keys
  run keyed "$JAR"
done | tee "$WORK/runs.txt"

med() { awk -v l="$1" '$1 == l { print $'"$2"' }' "$WORK/runs.txt" | median; }
echo "== summary (medians)"
for l in baseline ledger keyed; do printf "%-9s %6s trades/s  %4s µs/trade\n" "$l" "$(med $l 2)" "$(med $l 6)"; done
awk -v b="$(med baseline 2)" -v l="$(med ledger 2)" -v k="$(med keyed 2)" 'BEGIN {
  printf "ledger / baseline throughput: %.2f\nkeyed / baseline throughput: %.2f\n", l / b, k / b }'
