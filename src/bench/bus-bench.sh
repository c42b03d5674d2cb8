#!/usr/bin/env bash
# The event bus against HTTP: what one clustered service spends per trade on either edge. One
# service (`serve --cluster`, Hazelcast on 127.0.0.1 under a cluster name of its own) on the
# embedded MariaDB (or the database TIDB_* names), 1000 players; an outside clustered node
# (src/bench/BusTrades.java, trading through bus/PlayerClient as an embedder does) joins it and
# stays joined throughout, so both edges run with the same cluster around them. After
# WARMUP_ROUNDS unmeasured runs of each edge, in alternating pairs of SECONDS_PER_RUN runs with
# CONNECTIONS in flight: (a) wrk over HTTP (src/bench/overload.lua), (b) the outside node over
# the bus. Per run: trades/s; the service's CPU per trade, user + system from /proc/PID/stat over
# the run, divided by the trades the service completed in it (its trades_total{outcome="ok"});
# and the part of that its JIT compiler threads took: the JIT compiles each edge's own code when
# that edge first carries load, and a run it is still compiling in costs far more than a warm one.
# Then the medians and bus / HTTP (target <= 1.2), with and without the compiler's part. The
# outside node runs on the same cores; its CPU is not counted.
#
#   bash src/bench/bus-bench.sh        # PAIRS=3 SECONDS_PER_RUN=10 WARMUP_ROUNDS=2 CONNECTIONS=64
#   SERVICE_JAR=/path/to/other/player-service.jar bash src/bench/bus-bench.sh
#     (another build of the service, driven by this build's node: the bus API is the same)
# Holds BENCH_LOCK (default /tmp/bench.lock), the machine's benchmark lock, while it runs, so that
# no other benchmark shares the cores; set BENCH_LOCK= when the caller holds it already.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the bus benchmark compares the bus with it"
  exit 0
fi
# flock holds the lock for the whole run and releases it when the run ends, however it ends;
# with -o, nothing the run starts inherits it, so a process left behind cannot keep it.
BENCH_LOCK=${BENCH_LOCK-/tmp/bench.lock}
if [ -n "$BENCH_LOCK" ]; then
  flock -n "$BENCH_LOCK" true || echo "waiting for $BENCH_LOCK (another benchmark holds it)"
  exec env BENCH_LOCK= flock -o "$BENCH_LOCK" bash src/bench/bus-bench.sh "$@"
fi

PAIRS=${PAIRS:-3}
SECS=${SECONDS_PER_RUN:-10}
WARMUP=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
PLAYERS=${PLAYERS:-1000}
PORT=${BENCH_PORT:-18098}
URL="http://127.0.0.1:$PORT"
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init
SERVICE_JAR=${SERVICE_JAR:-$JAR}

# A cluster of the service and the outside node only, on loopback.
export CLUSTER_NAME="bus-bench-$$" CLUSTER_HOST=127.0.0.1 CLUSTER_MEMBERS=127.0.0.1

bench_database
if [ "$SERVICE_JAR" = "$JAR" ]; then # this build as the README runs it, from $WORK
  (cd "$WORK" && exec env HTTP_PORT=$PORT java $(bench_jvm_options) ${SERVICE_JAVA_OPTS:-} -jar target/player-service.jar \
    serve --cluster) >"$WORK/service.log" 2>&1 &
else
  HTTP_PORT=$PORT java ${SERVICE_JAVA_OPTS:-} -jar "$SERVICE_JAR" serve --cluster >"$WORK/service.log" 2>&1 &
fi
SERVICE=$!
PIDS+=($SERVICE)
bench_await "$URL"
bench_players "$URL" "$PLAYERS"

# The outside node, steered through two pipes: a line of seconds in, a COUNTS line out per run.
mkfifo "$WORK/node.in" "$WORK/node.out"
java -cp "$JAR" src/bench/BusTrades.java "$CONNECTIONS" "$PLAYERS" <"$WORK/node.in" >"$WORK/node.out" 2>"$WORK/node.log" &
PIDS+=($!)
exec 3>"$WORK/node.in" 4<"$WORK/node.out"
read -r joined <&4
[ "$joined" = joined ] || { echo "the outside node did not join: $(tail -5 "$WORK/node.log")"; exit 1; }

TICK=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE/stat"; }
# The JIT compiler threads' user + system ticks (a thread's stat after its name, which has spaces).
jit_ticks() {
  grep -l '^C[12] CompilerThre' /proc/"$SERVICE"/task/*/comm 2>/dev/null | sed 's/comm$/stat/' | xargs -r cat \
    | sed 's/.*) //' | awk '{ t += $12 + $13 } END { print t + 0 }'
}
http() { PLAYERS=$PLAYERS wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout 30s -s src/bench/overload.lua "$URL" 2>&1 | grep '^COUNTS'; }
bus() { echo "$1" >&3; local counts; read -r counts <&4; echo "$counts"; }

# One run on edge $1: prints "edge trades/s µs-per-trade JIT-µs-per-trade shed other load-average".
run() {
  local edge=$1 cpu0 jit0 ok0 counts
  cpu0=$(ticks); jit0=$(jit_ticks); ok0=$(bench_ok_trades "$URL")
  counts=$("$edge" "$SECS")
  local cpu=$(($(ticks) - cpu0)) jit=$(($(jit_ticks) - jit0)) ok=$(($(bench_ok_trades "$URL") - ok0))
  awk -v e="$edge" -v c="$cpu" -v j="$jit" -v k="$TICK" -v n="$ok" -v line="$counts" 'BEGIN {
    split(line, f, /[ =]/); # COUNTS ok N shed N other N errors N seconds S
    printf "%-5s %9.0f %12.0f %12.0f %8d %8d", e, n / f[11], c / k * 1e6 / n, j / k * 1e6 / n, f[5], f[7] }'
  echo "   $(cut -d' ' -f1 /proc/loadavg)"
}

echo "warming up ($WARMUP rounds of ${SECS}s on each edge, unmeasured)..."
for _ in $(seq 1 "$WARMUP"); do
  http "$SECS" >/dev/null
  bus "$SECS" >/dev/null
done

echo "== $PAIRS pairs of ${SECS}s runs, $CONNECTIONS in flight, $PLAYERS players; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-5s %9s %12s %12s %8s %8s   %s\n" edge "trades/s" "CPU µs/tr" "JIT µs/tr" shed other load
for _ in $(seq 1 "$PAIRS"); do
  run http
  run bus
done | tee "$WORK/runs.txt"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { awk -v e="$1" -v c="$2" '$1 == e { print $c }' "$WORK/runs.txt" | median; }
echo "== medians (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
# CPU per trade without the compiler's share, per run, for its median.
awk '{ $8 = $3 - $4; print }' "$WORK/runs.txt" >"$WORK/runs.warm" && mv "$WORK/runs.warm" "$WORK/runs.txt"
for edge in http bus; do
  echo "$edge: $(col "$edge" 2) trades/s, service CPU $(col "$edge" 3) µs per trade ($(col "$edge" 8) without the JIT compiler)"
done
awk -v h="$(col http 3)" -v b="$(col bus 3)" -v hw="$(col http 8)" -v bw="$(col bus 8)" 'BEGIN { r = b / h
  printf "service CPU per trade, bus / HTTP: %.2f (target <= 1.2: %s); without the JIT compiler: %.2f\n",
    r, (r <= 1.2 ? "met" : "missed"), bw / hw }'
