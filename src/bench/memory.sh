#!/usr/bin/env bash
# Memory and start-up, with default settings, against the embedded MariaDB (or the database TIDB_*
# names), 1000 players. For each side it prints:
#   1. the service's resident memory (VmRSS): idle, IDLE_SECONDS after it first answered; then after
#      SECONDS_PER_RUN s of wrk trading (src/bench/overload.lua) at each of LEVELS connections; and
#      its peak (VmHWM). One service climbs the levels rather than a fresh one per level: a JVM
#      rarely gives memory back, so the figure after the last level is the high-water mark a
#      container's limit must hold, after the history a real service has;
#   2. its start-up: from launching `java` to the first answered GET /players/count, against the
#      running database, the median of STARTS starts.
# The side "this" runs this build as the README does (java @target/player-service.jvm -jar
# target/player-service.jar, in a copy of target/), or with `java THIS_OPTS -jar` when THIS_OPTS is
# set. With BASELINE_JAR (its lib/ beside it) a side "baseline" runs that jar with
# `java BASELINE_OPTS -jar`, and the sides alternate: climb A, climb B, then the starts A, B,
# A, B ... Each measured step holds the machine's benchmark lock (BENCH_LOCK, empty: none, for a
# caller that holds it already), released between steps.
#
#   bash src/bench/memory.sh      # LEVELS="64 512 1024" SECONDS_PER_RUN=10 STARTS=5 IDLE_SECONDS=5
#   BASELINE_JAR=/work/before/player-service.jar bash src/bench/memory.sh
#   THIS_OPTS="-Xmx128m" BASELINE_JAR=target/player-service.jar BASELINE_OPTS= bash src/bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

LEVELS=${LEVELS:-64 512 1024}
SECS=${SECONDS_PER_RUN:-10}
STARTS=${STARTS:-5}
IDLE=${IDLE_SECONDS:-5}
PLAYERS=1000
PORT=${BENCH_PORT:-18099}
URL="http://127.0.0.1:$PORT"
BENCH_LOCK=${BENCH_LOCK-/tmp/bench.lock}
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh

if ! have wrk; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the memory benchmark trades with it"
  exit 0
fi
bench_init
# A descriptor per wrk connection, on both sides.
ulimit -n 65536 2>/dev/null || true

# Each side: the directory it runs in, and the java command's arguments there.
SIDES=(this)
declare -A SIDE_DIR SIDE_ARGS
SIDE_DIR[this]=$WORK
if [ -n "${THIS_OPTS+set}" ]; then
  SIDE_ARGS[this]="$THIS_OPTS -jar target/player-service.jar"
else
  SIDE_ARGS[this]="$(bench_jvm_options) -jar target/player-service.jar"
fi
if [ -n "${BASELINE_JAR:-}" ]; then
  mkdir -p "$WORK/baseline/lib"
  cp -p "$BASELINE_JAR" "$WORK/baseline/" && cp -p "$(dirname "$BASELINE_JAR")"/lib/*.jar "$WORK/baseline/lib/"
  SIDES=(baseline this)
  SIDE_DIR[baseline]=$WORK/baseline
  SIDE_ARGS[baseline]="${BASELINE_OPTS:-} -jar $(basename "$BASELINE_JAR")"
fi

# The sides' services run in the pipelines below, outside PIDS: the last one started is stopped too.
trap 'kill "$(cat "$WORK/service.pid" 2>/dev/null)" 2>/dev/null || true; bench_cleanup' EXIT
bench_database
# The lock is taken on descriptor 9, which the processes started below do not inherit.
[ -z "$BENCH_LOCK" ] || exec 9>>"$BENCH_LOCK"
lock() { [ -z "$BENCH_LOCK" ] || flock 9; }
unlock() { [ -z "$BENCH_LOCK" ] || flock -u 9; }

SERVICE=
start() { # $1: side; returns once the service answers
  (cd "${SIDE_DIR[$1]}" && exec java ${SIDE_ARGS[$1]}) >>"$WORK/service-$1.log" 2>&1 9>&- &
  SERVICE=$!
  echo "$SERVICE" >"$WORK/service.pid"
  until curl -sf -o /dev/null "$URL/players/count"; do
    kill -0 "$SERVICE" 2>/dev/null || { echo "the service ($1) stopped; its log:"; tail -20 "$WORK/service-$1.log"; exit 1; }
    sleep 0.02
  done
}
stop() {
  kill "$SERVICE"
  wait "$SERVICE" 2>/dev/null || true
}
export HTTP_PORT=$PORT
start "${SIDES[0]}"
bench_players "$URL" "$PLAYERS"
stop

rss_mb() { awk -v k="$1" '$1 == k":" { printf "%.0f", $2 / 1024 }' "/proc/$SERVICE/status"; }
trades_per_s() { # wrk at $1 connections for SECS: its 200s per second, and "+N other" for other answers
  PLAYERS=$PLAYERS wrk -t2 -c"$1" -d"${SECS}s" --timeout 30s -s src/bench/overload.lua "$URL" 2>&1 9>&- \
    | sed -n 's/^COUNTS ok=\([0-9]*\) shed=\([0-9]*\) other=\([0-9]*\) errors=\([0-9]*\) seconds=\([0-9.]*\)$/\1 \2 \3 \4 \5/p' \
    | awk '{ printf "%.0f", $1 / $5; if ($2 + $3 + $4) printf " +%d other", $2 + $3 + $4 }'
}

# One climb: prints "side idle-MB level:MB(trades/s) ... peak-MB".
climb() {
  local line
  start "$1"
  sleep "$IDLE"
  line="$(printf '%-9s %5s' "$1" "$(rss_mb VmRSS)")"
  for c in $LEVELS; do
    local tps
    tps=$(trades_per_s "$c")
    line+="$(printf ' %7s (%5s/s)' "$(rss_mb VmRSS)" "${tps:-?}")"
  done
  line+="$(printf ' %7s' "$(rss_mb VmHWM)")"
  stop
  echo "$line"
}

# One start: prints "side ms" from launching java to the first answer.
start_ms() {
  local t0 t1
  t0=$(date +%s%N)
  start "$1"
  t1=$(date +%s%N)
  stop
  echo "$1 $(((t1 - t0) / 1000000))"
}

echo "== resident memory (MB), default settings, one service per side climbing through wrk at each level for ${SECS}s; load: $(uptime | sed 's/.*load average: //')"
printf '%-9s %5s' side idle
for c in $LEVELS; do printf ' %17s' "at $c (trades)"; done
printf ' %7s\n' peak
for side in "${SIDES[@]}"; do
  lock && climb "$side" && unlock
done | tee "$WORK/climbs.txt"

echo "== start-up (ms), java to the first answer, $STARTS starts per side, alternating; load: $(uptime | sed 's/.*load average: //')"
for i in $(seq 1 "$STARTS"); do
  for side in "${SIDES[@]}"; do
    lock && start_ms "$side" && unlock
  done
done | tee "$WORK/starts.txt"
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "-") }'; }
for side in "${SIDES[@]}"; do
  echo "$side: start-up median $(awk -v s="$side" '$1 == s { print $2 }' "$WORK/starts.txt" | median) ms"
done
if [ ${#SIDES[@]} -eq 2 ]; then
  awk -v a="$(awk '$1 == "baseline" { print $2 }' "$WORK/starts.txt" | median)" \
    -v b="$(awk '$1 == "this" { print $2 }' "$WORK/starts.txt" | median)" 'BEGIN { printf "start-up this / baseline: %.2f\n", b / a }'
fi
# The archive fails loudly but not fatally (a jar rebuilt since, another directory): say so.
if grep -m1 "Unable to use shared archive" "$WORK/service-this.log"; then
  echo "NOTE: this side started without its class-data archive (above); its start-up figures are without it"
fi
