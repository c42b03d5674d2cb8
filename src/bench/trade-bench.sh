#!/usr/bin/env bash
# Trade benchmark: the service over HTTP against the trade's own SQL run straight on a pool,
# on one machine, in alternating runs, against the embedded MariaDB (or the database TIDB_*
# names). It prints:
#   1. HTTP trades/s / raw SQL trades/s at the same number of database connections (per pair,
#      and the median of the pairs), with 1000 players and with 10 hot players;
#   2. the service's CPU time per trade (process CPU / trades), in µs;
#   3. latency p99 at 50% of the measured maximum, open model;
#   4. what the trade ledger and Idempotency-Key cost (src/bench/ledger-cost.sh; LEDGER_COST=0 skips it).
# Both sides run the same SQL: the HTTP trades go without Idempotency-Key (--no-keys), as sqlbench's
# do; each writes both balances and a ledger row.
#
#   bash src/bench/trade-bench.sh        # PAIRS=3 SECONDS_PER_RUN=10 POOL=8 CONNECTIONS=64
set -euo pipefail
cd "$(dirname "$0")/../.."

PAIRS=${PAIRS:-3}
SECS=${SECONDS_PER_RUN:-10}
POOL=${POOL:-8}
CONNECTIONS=${CONNECTIONS:-64}
PLAYERS=${PLAYERS:-1000}
INSTANCES=${VERTICLE_INSTANCES:-0}
PORT=${BENCH_PORT:-18080}
URL="http://127.0.0.1:$PORT"
# The embedded server is sized for a laptop (64 MB buffer pool); the runs grow the ledger past
# that, and a benchmark of the service must not turn into one of the disk.
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

[ -f target/player-service.jar ] || mvn -q -B package -DskipTests
# Run a copy, so that rebuilding the project meanwhile cannot pull classes from under it.
cp target/player-service.jar "$WORK/service.jar"
mkdir -p "$WORK/lib" && cp target/lib/*.jar "$WORK/lib/"
JAR="$WORK/service.jar"

if [ -z "${TIDB_HOST:-}" ]; then
  EMBEDDED_DATA_DIR=:temp: java -jar "$JAR" embedded-db $BENCH_DB_ARGS >"$WORK/db.env" 2>"$WORK/db.log" &
  PIDS+=($!)
  for _ in $(seq 1 120); do grep -q TIDB_DB_NAME "$WORK/db.env" 2>/dev/null && break; sleep 1; done
  set -a; . "$WORK/db.env"; set +a
fi

HTTP_PORT=$PORT DB_POOL_SIZE=$POOL VERTICLE_INSTANCES=$INSTANCES java -jar "$JAR" 2>"$WORK/service.log" &
SERVICE=$!
PIDS+=($SERVICE)
for _ in $(seq 1 60); do curl -sf "$URL/players/count" >/dev/null 2>&1 && break; sleep 1; done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE/stat"; }
TICK=$(getconf CLK_TCK)
loadtest() { timeout $((SECS * 3 + 120)) java -jar "$JAR" loadtest --url "$URL" --players "$PLAYERS" --no-keys --out "$WORK/report" "$@"; }
sqlbench() { timeout $((SECS * 3 + 60)) java -jar "$JAR" sqlbench --players "$PLAYERS" --connections "$POOL" --duration "$SECS" "$@" 2>/dev/null; }
field() { sed -n "s/.*\"$1\" : \([0-9.]*\).*/\1/p" "$WORK/report/report.json" | head -1; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "warming up (creates $PLAYERS players, JIT)..."
loadtest --connections "$CONNECTIONS" --duration "$SECS" >/dev/null

# One pair: raw SQL, then HTTP with the service's CPU measured around it. Prints one line.
pair() {
  local label=$1; shift
  local sql http before after trades
  sql=$(sqlbench "$@" | sed -n 's/^sql trades\/s: \([0-9]*\).*/\1/p')
  before=$(cpu_ticks)
  loadtest --connections "$CONNECTIONS" --duration "$SECS" "$@" >"$WORK/lt.out" || { cat "$WORK/lt.out"; exit 1; }
  after=$(cpu_ticks)
  http=$(field tradesPerSecond)
  trades=$(field trades)
  awk -v l="$label" -v s="$sql" -v h="$http" -v c=$((after - before)) -v t="$trades" -v k="$TICK" 'BEGIN {
    printf "%-10s raw SQL %6d/s  HTTP %6d/s  ratio %.2f  service CPU %4.0f µs/trade\n", l, s, h, h / s, c / k * 1e6 / t }'
  grep -q '"ok" : true' "$WORK/report/report.json" || { echo "conservation violated"; exit 1; }
  grep -E '"(2|4|5)[0-9][0-9]"|connection error' "$WORK/report/report.json" | grep -v '"200"' && { echo "failed trades"; exit 1; } || true
}

echo "== $PLAYERS players, $POOL database connections, $CONNECTIONS HTTP connections, ${SECS}s runs"
for i in $(seq 1 "$PAIRS"); do pair "pair $i"; done | tee "$WORK/all.txt"
echo "== 10 hot players"
for i in $(seq 1 "$PAIRS"); do pair "hot $i" --hot 10; done | tee "$WORK/hot.txt"

ratio_all=$(awk '{ print $9 }' "$WORK/all.txt" | median)
ratio_hot=$(awk '{ print $9 }' "$WORK/hot.txt" | median)
cpu_all=$(awk '{ print $12 }' "$WORK/all.txt" | median)
max_http=$(awk '{ print $7 }' "$WORK/all.txt" | sed 's|/s||' | median)
half=$((max_http / 2))

echo "== open model at 50% of the maximum: $half trades/s"
# A fresh generator JVM compiles for its first seconds: warm it up unmeasured first.
loadtest --connections "$CONNECTIONS" --duration "$SECS" --rate "$half" --warmup 5 >"$WORK/open.out"
grep -E '^(trades|latency|outcomes|conservation)' "$WORK/open.out"
p99=$(sed -n 's/.*"p99" : \([0-9.]*\).*/\1/p' "$WORK/report/report.json" | head -1)

echo "== summary"
echo "HTTP / raw SQL, 1000 players (median of $PAIRS pairs): $ratio_all"
echo "HTTP / raw SQL, 10 hot players (median of $PAIRS pairs): $ratio_hot"
echo "service CPU per trade, 1000 players (median): $cpu_all µs"
echo "p99 at 50% of max ($half trades/s, open model): $p99 ms"

if [ "${LEDGER_COST:-1}" != 0 ]; then
  cleanup
  PIDS=()
  WORK=$(mktemp -d)
  echo "== the ledger's cost"
  BENCH_PORT=$((PORT + 1)) bash src/bench/ledger-cost.sh
fi
