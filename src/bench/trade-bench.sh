#!/usr/bin/env bash
# Trade benchmark: the service over HTTP against the database's own limit, on one machine, in
# alternating runs, against the embedded MariaDB (or the database TIDB_* names). Each pair runs:
#   sysbench  the trade's SQL straight on the database from a C client, 16 threads
#             (src/bench/trade.sysbench.lua; skipped when sysbench is not installed)
#   sqlbench  the same SQL through the service's own TradeService on a pool, no HTTP
#   loadtest  the service over HTTP, driven by this project's load generator
#   wrk       the service over HTTP, driven by wrk (src/bench/overload.lua; skipped without wrk)
# and it prints:
#   1. the ratios HTTP / sysbench, HTTP / sqlbench and loadtest / wrk (per pair, and medians),
#      with 1000 players and with 10 hot players;
#   2. the service's CPU per trade, user and system (/proc/PID/stat around each HTTP run);
#   3. syscalls per trade, futex calls among them (strace -c -f over a wrk run; skipped without
#      strace or wrk; strace slows the service, so that run's throughput means nothing);
#   4. latency p99 at 50% of the measured maximum, open model;
#   5. what the trade ledger and Idempotency-Key cost (src/bench/ledger-cost.sh; LEDGER_COST=0 skips it).
# Every side writes both balances and a ledger row; the HTTP trades go without Idempotency-Key.
#
#   bash src/bench/trade-bench.sh        # PAIRS=3 SECONDS_PER_RUN=10 POOL=8 CONNECTIONS=64 THREADS=16
set -euo pipefail
cd "$(dirname "$0")/../.."

PAIRS=${PAIRS:-3}
SECS=${SECONDS_PER_RUN:-10}
POOL=${POOL:-8}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-16}
PLAYERS=${PLAYERS:-1000}
INSTANCES=${VERTICLE_INSTANCES:-0}
PORT=${BENCH_PORT:-18080}
URL="http://127.0.0.1:$PORT"
# The embedded server is sized for a laptop (64 MB buffer pool); the runs grow the ledger past
# that, and a benchmark of the service must not turn into one of the disk.
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init

have sysbench || echo "SKIP: sysbench is not installed (apt-get install -y sysbench); no HTTP / sysbench ratio"
have wrk || echo "SKIP: wrk is not installed (apt-get install -y wrk); no loadtest / wrk ratio and no syscall count"
have strace || echo "SKIP: strace is not installed (apt-get install -y strace); no syscall count"

bench_database

# This build as the README runs it: its JVM options file and class-data archive, from $WORK.
(cd "$WORK" && exec env HTTP_PORT=$PORT DB_POOL_SIZE=$POOL VERTICLE_INSTANCES=$INSTANCES \
  java $(bench_jvm_options) -jar target/player-service.jar) 2>"$WORK/service.log" &
SERVICE=$!
PIDS+=($SERVICE)
bench_await "$URL"

TICK=$(getconf CLK_TCK)
cpu() { awk '{ print $14, $15 }' "/proc/$SERVICE/stat"; } # user and system ticks
loadtest() { timeout $((SECS * 3 + 120)) java -jar "$JAR" loadtest --url "$URL" --players "$PLAYERS" --no-keys --out "$WORK/report" "$@"; }
sqlbench() { timeout $((SECS * 3 + 60)) java -jar "$JAR" sqlbench --players "$PLAYERS" --connections "$POOL" --duration "$SECS" "$@" 2>/dev/null; }
field() { sed -n "s/.*\"$1\" : \([0-9.]*\).*/\1/p" "$WORK/report/report.json" | head -1; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "-") }'; }
ok_trades() { bench_ok_trades "$URL"; }

# sysbench's trades/s over the trade SQL; $1 = hot players (0: all).
sysbench_run() {
  sysbench src/bench/trade.sysbench.lua --db-driver=mysql --mysql-host="$TIDB_HOST" --mysql-port="$TIDB_PORT" \
    --mysql-user="$TIDB_USER" --mysql-password="$TIDB_PASSWORD" --mysql-db="$TIDB_DB_NAME" \
    --threads="$THREADS" --time="$SECS" --players="$PLAYERS" --hot="$1" run 2>&1 \
    | sed -n 's/.*transactions: *[0-9]* *(\([0-9]*\)\..*/\1/p'
}

# wrk's trades/s (200s only); the players it picks from are the first $1.
wrk_run() {
  PLAYERS=$1 wrk -t2 -c"$CONNECTIONS" -d"${SECS}s" --timeout 30s -s src/bench/overload.lua "$URL" 2>&1 \
    | sed -n 's/^COUNTS ok=\([0-9]*\) .*seconds=\([0-9.]*\).*/\1 \2/p' | awk '{ printf "%d", $1 / $2 }'
}

# Service CPU per trade over one HTTP run: "user system" in µs; $1 $2 = ticks before, $3 $4 after, $5 trades.
per_trade() { awk -v u=$(($3 - $1)) -v s=$(($4 - $2)) -v t="$5" -v k="$TICK" 'BEGIN { printf "%.0f %.0f", u / k * 1e6 / t, s / k * 1e6 / t }'; }

echo "warming up (creates $PLAYERS players, JIT)..."
loadtest --connections "$CONNECTIONS" --duration "$SECS" >/dev/null

# One pair: the four runs, alternating. Prints one line:
# label sysbench sqlbench loadtest wrk lt-user lt-sys wrk-user wrk-sys
pair() {
  local label=$1 hot=$2 sb sql lt w before after trades lt_cpu w_cpu
  shift 2
  sb=$(have sysbench && sysbench_run "$hot" || echo 0)
  sql=$(sqlbench "$@" | sed -n 's/^sql trades\/s: \([0-9]*\).*/\1/p')
  before=$(cpu)
  loadtest --connections "$CONNECTIONS" --duration "$SECS" "$@" >"$WORK/lt.out" || { cat "$WORK/lt.out" >&2; exit 1; }
  after=$(cpu)
  lt=$(field tradesPerSecond | awk '{ printf "%d", $1 }')
  lt_cpu=$(per_trade $before $after "$(field trades)")
  grep -q '"ok" : true' "$WORK/report/report.json" || { echo "conservation violated" >&2; exit 1; }
  if grep -E '"(2|4|5)[0-9][0-9]"|connection error' "$WORK/report/report.json" | grep -v '"200"' >&2; then
    echo "failed trades" >&2
    exit 1
  fi
  w=0 w_cpu="0 0"
  if have wrk; then
    local ok_before ok_after
    ok_before=$(ok_trades); before=$(cpu)
    w=$(wrk_run "$([ "$hot" = 0 ] && echo "$PLAYERS" || echo "$hot")")
    after=$(cpu); ok_after=$(ok_trades)
    w_cpu=$(per_trade $before $after $((ok_after - ok_before)))
  fi
  echo "$label $sb $sql $lt $w $lt_cpu $w_cpu"
}

# Prints a pair's line as a table row.
show() {
  awk '{ printf "%-7s sysbench %5d/s  sqlbench %5d/s  loadtest %5d/s  wrk %5d/s | HTTP/sysbench %.2f  loadtest/wrk %.2f | CPU/trade loadtest %3d+%3d µs  wrk %3d+%3d µs\n",
    $1, $2, $3, $4, $5, ($2 ? ($5 ? $5 : $4) / $2 : 0), ($5 ? $4 / $5 : 0), $6, $7, $8, $9 }'
}

echo "== $PLAYERS players, $POOL database connections, $CONNECTIONS HTTP connections, sysbench $THREADS threads, ${SECS}s runs"
echo "   (HTTP/sysbench uses wrk's HTTP figure when wrk ran, else loadtest's; CPU is user+system)"
for i in $(seq 1 "$PAIRS"); do pair "pair$i" 0; done >"$WORK/all.txt"
show <"$WORK/all.txt"
echo "== 10 hot players"
for i in $(seq 1 "$PAIRS"); do pair "hot$i" 10 --hot 10; done >"$WORK/hot.txt"
show <"$WORK/hot.txt"

col() { awk -v c="$1" '{ print $c }' "$2" | median; }
ratio() { awk -v a="$1" -v b="$2" '{ if ($b > 0) printf "%.2f\n", $a / $b }' "$3" | median; }
http_col() { awk '{ print ($5 ? $5 : $4) }' "$1" >"$1.http"; paste -d' ' "$1" "$1.http" >"$1.x"; }
http_col "$WORK/all.txt"; http_col "$WORK/hot.txt"

echo "== open model at 50% of the maximum"
max_http=$(col 4 "$WORK/all.txt")
half=$((max_http / 2))
# A fresh generator JVM compiles for its first seconds: warm it up unmeasured first.
loadtest --connections "$CONNECTIONS" --duration "$SECS" --rate "$half" --warmup 5 >"$WORK/open.out"
grep -E '^(trades|latency|outcomes|conservation)' "$WORK/open.out"
p99=$(sed -n 's/.*"p99" : \([0-9.]*\).*/\1/p' "$WORK/report/report.json" | head -1)

syscalls="-"
if have strace && have wrk; then
  echo "== syscalls per trade (strace -c -f over a ${SECS}s wrk run; the throughput under strace means nothing)"
  bench_strace "$SERVICE" "$URL" wrk_run "$PLAYERS"
  awk -v t="$STRACE_TRADES" '$NF ~ /^[a-z_0-9]+$/ && $NF != "total" && $4 ~ /^[0-9]+$/ { calls[$NF] = $4 }
    /total$/ { total = $4 }
    END { printf "trades %d; per trade: all %.1f", t, total / t;
          for (s in calls) if (calls[s] / t >= 0.1) printf ", %s %.2f", s, calls[s] / t; print "" }' "$WORK/strace.txt"
  syscalls="$STRACE_CALLS (futex ${STRACE_FUTEX:-0})"
fi

echo "== summary (medians of $PAIRS pairs)"
echo "HTTP / sysbench, 1000 players: $(ratio 10 2 "$WORK/all.txt.x")    10 hot players: $(ratio 10 2 "$WORK/hot.txt.x")"
echo "HTTP / sqlbench, 1000 players: $(ratio 10 3 "$WORK/all.txt.x")    10 hot players: $(ratio 10 3 "$WORK/hot.txt.x")"
echo "loadtest / wrk throughput, 1000 players: $(ratio 4 5 "$WORK/all.txt")    10 hot players: $(ratio 4 5 "$WORK/hot.txt")"
echo "service CPU per trade under wrk, 1000 players: user $(col 8 "$WORK/all.txt") µs + system $(col 9 "$WORK/all.txt") µs"
echo "service CPU per trade under loadtest, 1000 players: user $(col 6 "$WORK/all.txt") µs + system $(col 7 "$WORK/all.txt") µs"
echo "syscalls per trade: $syscalls"
echo "p99 at 50% of max ($half trades/s, open model): $p99 ms"

if [ "${LEDGER_COST:-1}" != 0 ]; then
  bench_cleanup
  PIDS=()
  WORK=$(mktemp -d)
  echo "== the ledger's cost"
  BENCH_PORT=$((PORT + 1)) bash src/bench/ledger-cost.sh
fi
