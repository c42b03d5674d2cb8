#!/usr/bin/env bash
# A/B of one jar under two sets of JVM options and settings (by default: one API verticle
# instance against two), on one embedded MariaDB, in
# alternating runs. Each run starts the service afresh, warms it up unmeasured, then drives it
# with wrk (random trades among 1000 players, 64 connections) and measures trades/s, the
# service's CPU per trade (user and system, /proc/PID/stat), and its syscalls per trade when
# strace is installed (a separate, shorter run: strace slows the service). Prints each run and
# the medians, and B / A.
#
#   bash src/bench/ab.sh        # A_ENV=VERTICLE_INSTANCES=1 B_ENV=VERTICLE_INSTANCES=2 PAIRS=3 SECONDS_PER_RUN=10 WARMUP_SECONDS=5
#   A_NAME=native A_ENV= B_NAME=JDK B_ENV= B_OPTS=-Dio.netty.transport.noNative=true bash src/bench/ab.sh
#     (the transports: the jar runs on Netty's native epoll unless that property turns it off)
#   A_JAR=/tmp/old/player-service.jar A_NAME=before A_ENV= B_NAME=after B_ENV= bash src/bench/ab.sh
#     (two builds: A_JAR, with its lib/ beside it, against this tree's jar)
#   BUILDS="before=/tmp/a/player-service.jar step1=/tmp/b/player-service.jar" bash src/bench/ab.sh
#     (any number of builds, default settings, each run in turn in every round; ratios to the first)
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the A/B benchmark needs it"
  exit 0
fi

A_NAME=${A_NAME:-one}
A_OPTS=${A_OPTS:-}
A_ENV=${A_ENV-VERTICLE_INSTANCES=1}
B_NAME=${B_NAME:-two}
B_OPTS=${B_OPTS:-}
B_ENV=${B_ENV-VERTICLE_INSTANCES=2}
PAIRS=${PAIRS:-3}
SECS=${SECONDS_PER_RUN:-10}
# A fresh service's warm-up before its measured run; the JIT compiler is still at work after 5 s.
WARMUP=${WARMUP_SECONDS:-5}
CONNECTIONS=${CONNECTIONS:-64}
PLAYERS=${PLAYERS:-1000}
PORT=${BENCH_PORT:-18095}
URL="http://127.0.0.1:$PORT"
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init

A_JAR=${A_JAR:-$JAR}
bench_database

TICK=$(getconf CLK_TCK)
SERVICE=
start() { # $1: JVM options, $2: settings (NAME=value ...), $3: the jar (this tree's runs as the README runs it)
  local jar=${3:-$JAR}
  if [ "$jar" = "$JAR" ]; then
    (cd "$WORK" && exec env HTTP_PORT=$PORT $2 java $(bench_jvm_options) $1 -jar target/player-service.jar) \
      2>"$WORK/service.log" &
  else
    env HTTP_PORT=$PORT $2 java $1 -jar "$jar" 2>"$WORK/service.log" &
  fi
  SERVICE=$!
  bench_await "$URL"
}
stop() {
  kill "$SERVICE"
  wait "$SERVICE" 2>/dev/null || true
}
ok_trades() { bench_ok_trades "$URL"; }
drive() { PLAYERS=$PLAYERS wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout 30s -s src/bench/overload.lua "$URL" >/dev/null 2>&1; }

start "" ""
bench_players "$URL" "$PLAYERS"
stop

# One run: prints "name trades/s user-µs sys-µs syscalls-per-trade futex-per-trade".
run() {
  local name=$1 opts=$2 settings=$3 jar=$4 before after ok0 ok1 cpu0 cpu1 calls="-" futex="-"
  start "$opts" "$settings" "$jar"
  grep -q "(native transport," "$WORK/service.log" && transport=native || transport=JDK
  drive "$WARMUP" # warm-up, unmeasured
  ok0=$(ok_trades); cpu0=$(awk '{ print $14, $15 }' "/proc/$SERVICE/stat"); before=$(date +%s.%N)
  drive "$SECS"
  after=$(date +%s.%N); cpu1=$(awk '{ print $14, $15 }' "/proc/$SERVICE/stat"); ok1=$(ok_trades)
  if have strace; then
    # Without its report (strace could not attach), the run still ends and stops its service.
    bench_strace "$SERVICE" "$URL" drive 5
    calls=$STRACE_CALLS futex=$STRACE_FUTEX
  fi
  stop
  set -- $cpu0 $cpu1
  awk -v n="$name($transport)" -v t=$((ok1 - ok0)) -v s="$(awk -v a="$before" -v b="$after" 'BEGIN { print b - a }')" \
    -v u=$(($3 - $1)) -v y=$(($4 - $2)) -v k="$TICK" -v c="$calls" -v f="${futex:-0}" \
    'BEGIN { printf "%-14s %6.0f trades/s  CPU/trade user %4.0f µs  system %4.0f µs  syscalls/trade %s (futex %s)\n",
             n, t / s, u / k * 1e6 / t, y / k * 1e6 / t, c, f }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { grep "^$1(" "$WORK/runs.txt" | awk -v c="$2" '{ print $c }' | median; }
cpu() { grep "^$1(" "$WORK/runs.txt" | awk '{ print $6 + $9 }' | median; } # each run's user + system

if [ -n "${BUILDS:-}" ]; then
  echo "== builds: $BUILDS; $PAIRS rounds of ${SECS}s wrk runs, $CONNECTIONS connections"
  for i in $(seq 1 "$PAIRS"); do
    for build in $BUILDS; do run "${build%%=*}" "" "" "${build#*=}"; done
  done | tee "$WORK/runs.txt"
  first=${BUILDS%%=*}
  echo "== medians (ratios to $first)"
  for build in $BUILDS; do
    name=${build%%=*}
    awk -v n="$name" -v t="$(col "$name" 2)" -v c="$(cpu "$name")" -v s="$(col "$name" 12)" \
      -v t0="$(col "$first" 2)" -v c0="$(cpu "$first")" \
      'BEGIN { printf "%-14s %6.0f trades/s (%.2f)  CPU/trade %4.0f µs (%.2f)  syscalls/trade %s\n", n, t, t / t0, c, c / c0, s }'
  done
  exit 0
fi

echo "== A: $A_NAME [${A_OPTS:-no options} ${A_ENV}]  B: $B_NAME [${B_OPTS:-no options} ${B_ENV}]; $PAIRS pairs of ${SECS}s wrk runs, $CONNECTIONS connections"
for i in $(seq 1 "$PAIRS"); do
  run "$A_NAME" "$A_OPTS" "$A_ENV" "$A_JAR"
  run "$B_NAME" "$B_OPTS" "$B_ENV" "$JAR"
done | tee "$WORK/runs.txt"

echo "== medians"
for side in "$A_NAME" "$B_NAME"; do
  echo "$side: $(col "$side" 2) trades/s, CPU/trade user $(col "$side" 6) µs + system $(col "$side" 9) µs" \
    "(total $(cpu "$side") µs), syscalls/trade $(col "$side" 12)"
done
awk -v a="$(col "$A_NAME" 2)" -v b="$(col "$B_NAME" 2)" 'BEGIN { printf "throughput B / A: %.2f\n", b / a }'
awk -v a="$(cpu "$A_NAME")" -v b="$(cpu "$B_NAME")" 'BEGIN { printf "CPU/trade B / A: %.2f\n", b / a }'
if have strace; then
  awk -v a="$(col "$A_NAME" 12)" -v b="$(col "$B_NAME" 12)" 'BEGIN { printf "syscalls/trade B / A: %.2f\n", b / a }'
fi
