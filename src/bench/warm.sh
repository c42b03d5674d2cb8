#!/usr/bin/env bash
# Warm CPU per trade of one or more builds, in turn, on one embedded MariaDB. Every build's
# service is started once and kept running (each on its own port), warmed up by WARMUP_SECONDS of
# wrk trading (60 s), then measured in ROUNDS rounds of SECONDS_PER_RUN each, the builds in turn within
# each round, so that every build meets the machine's noise alike. A run drives wrk (random trades
# among 1000 players, 64 connections) and reads the service's CPU (user and system,
# /proc/PID/stat) and its answered trades. Then, when strace is installed, one 5 s run per build
# counts its syscalls per trade. Last, the floor under any build's figure on this machine, in two
# halves: sqlbench, the trade's own SQL through the same Vert.x SQL client with no HTTP (this
# tree's build, DB_POOL_SIZE's 8 connections, its own warm-up), and its CPU per trade; and
# src/bench/BareHttp.java, a Vert.x HTTP server that answers each request at once, under the same
# wrk load, and its CPU per request. Prints each run, then each build's medians, its ratios to the
# first build's, and what it spends above the floor.
#
#   bash src/bench/warm.sh                                  # this tree's build alone
#   BUILDS="before=/tmp/before after=target" bash src/bench/warm.sh
#     (each NAME=DIR: a directory holding player-service.jar and its lib/; the JVM options file and
#     class-data archive beside them, when there, are used as the README's command uses them)
#   BUILDS="two=target one=target" ENV_one=VERTICLE_INSTANCES=1 bash src/bench/warm.sh
#     (ENV_<name>: settings, NAME=value ..., for that build's service; names of letters, digits and _)
#
# ab.sh starts each run's service afresh; this measures the service as it runs for hours, once the
# JIT compiler has finished (its first runs after a 5 s warm-up still spend 30-50 µs a trade in C2).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null; then
  echo "SKIP: wrk is not installed (apt-get install -y wrk); the warm benchmark needs it"
  exit 0
fi

BUILDS=${BUILDS:-this=target}
ROUNDS=${ROUNDS:-5}
SECS=${SECONDS_PER_RUN:-10}
# The JIT compiler is still at work on the trade path after 40 s of trading on 2 cores. Even after
# 60 s, the first round has read 30-80 µs a trade higher than the rest, in every build alike (cause
# not found); the median of five rounds leaves it out.
WARMUP=${WARMUP_SECONDS:-60}
CONNECTIONS=${CONNECTIONS:-64}
PLAYERS=${PLAYERS:-1000}
FIRST_PORT=${BENCH_PORT:-18100}
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init
bench_database
TICK=$(getconf CLK_TCK)

# Each build in $WORK/<name>/target, run from $WORK/<name> as the README runs it from the project.
declare -A PID URL
port=$FIRST_PORT
for build in $BUILDS; do
  name=${build%%=*} dir=${build#*=}
  mkdir -p "$WORK/$name/target/lib"
  cp -p "$dir/player-service.jar" "$WORK/$name/target/"
  cp -p "$dir"/lib/*.jar "$WORK/$name/target/lib/"
  for f in player-service.jvm player-service.jsa; do [ ! -f "$dir/$f" ] || cp -p "$dir/$f" "$WORK/$name/target/"; done
  options=
  [ ! -f "$WORK/$name/target/player-service.jvm" ] || options=@target/player-service.jvm
  settings=$(eval "echo \${ENV_$name:-}")
  (cd "$WORK/$name" && exec env HTTP_PORT=$port $settings java $options -jar target/player-service.jar) \
    2>"$WORK/$name.log" &
  PID[$name]=$!
  PIDS+=($!)
  URL[$name]="http://127.0.0.1:$port"
  bench_await "${URL[$name]}"
  grep -q "(native transport," "$WORK/$name.log" && transport=native || transport=JDK
  echo "$name: $dir, pid ${PID[$name]}, port $port, $transport transport${options:+, $options}${settings:+, $settings}"
  port=$((port + 1))
done
first=${BUILDS%%=*}
bench_players "${URL[$first]}" "$PLAYERS"

drive() { PLAYERS=$PLAYERS wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 30s -s src/bench/overload.lua "$1" >/dev/null 2>&1; }

echo "== warm-up: ${WARMUP}s of wrk per build; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for build in $BUILDS; do drive "${URL[${build%%=*}]}" "$WARMUP"; done

# One run: prints "name trades/s user-µs sys-µs".
run() {
  local name=$1 url=${URL[$1]} pid=${PID[$1]} ok0 ok1 cpu0 cpu1 t0 t1
  ok0=$(bench_ok_trades "$url"); cpu0=$(awk '{ print $14, $15 }' "/proc/$pid/stat"); t0=$(date +%s.%N)
  drive "$url" "$SECS"
  t1=$(date +%s.%N); cpu1=$(awk '{ print $14, $15 }' "/proc/$pid/stat"); ok1=$(bench_ok_trades "$url")
  set -- $cpu0 $cpu1
  awk -v n="$name" -v t=$((ok1 - ok0)) -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    -v u=$(($3 - $1)) -v y=$(($4 - $2)) -v k="$TICK" \
    'BEGIN { printf "%-12s %6.0f trades/s  CPU/trade user %4.0f µs  system %4.0f µs\n", n, t / s, u / k * 1e6 / t, y / k * 1e6 / t }'
}

echo "== $ROUNDS rounds of ${SECS}s wrk runs per build, $CONNECTIONS connections, $PLAYERS players"
for i in $(seq 1 "$ROUNDS"); do
  for build in $BUILDS; do run "${build%%=*}"; done
done | tee "$WORK/runs.txt"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Syscalls per trade: a separate run under strace (it slows the service), once every build is measured.
declare -A CALLS
for build in $BUILDS; do
  name=${build%%=*} CALLS[$name]="-"
  have strace || continue
  bench_strace "${PID[$name]}" "${URL[$name]}" drive "${URL[$name]}" 5
  [ "$STRACE_CALLS" = - ] || CALLS[$name]="$STRACE_CALLS (futex ${STRACE_FUTEX:-0.00})"
done
have strace || echo "SKIP: strace is not installed (apt-get install -y strace); no syscall counts"

# The floor, once every service is idle: what the SQL client alone spends on a trade, here.
for build in $BUILDS; do kill "${PID[${build%%=*}]}"; done
wait "${PID[@]}" 2>/dev/null || true
(cd "$WORK" && exec java $(bench_jvm_options) -jar target/player-service.jar sqlbench --players "$PLAYERS" \
  --connections 8 --warmup "$WARMUP" --duration $((SECS * ROUNDS))) 2>"$WORK/sqlbench.log" | tee "$WORK/sqlbench.txt"
SQL_FLOOR=$(sed -n 's/^sql CPU per trade: \([0-9]*\) µs.*/\1/p' "$WORK/sqlbench.txt")

# Bare HTTP answers at wrk's full rate, the loops never idle: a lower bound of HTTP's share.
java -cp "$JAR" src/bench/BareHttp.java "$FIRST_PORT" >"$WORK/bare.out" 2>&1 &
bare=$!
PIDS+=($bare)
for _ in $(seq 1 60); do grep -q listening "$WORK/bare.out" && break; sleep 1; done
drive "http://127.0.0.1:$FIRST_PORT" 10
cpu0=$(awk '{ print $14, $15 }' "/proc/$bare/stat")
PLAYERS=$PLAYERS wrk -t2 -c"$CONNECTIONS" -d"${SECS}s" -s src/bench/overload.lua "http://127.0.0.1:$FIRST_PORT" >"$WORK/bare.wrk"
cpu1=$(awk '{ print $14, $15 }' "/proc/$bare/stat")
kill "$bare"
set -- $cpu0 $cpu1
HTTP_FLOOR=$(sed -n 's/^COUNTS ok=\([0-9]*\).*/\1/p' "$WORK/bare.wrk" | awk -v u=$(($3 - $1)) -v y=$(($4 - $2)) -v k="$TICK" \
  '{ printf "%.1f", (u + y) / k * 1e6 / $1 }')
echo "bare HTTP: $(sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p' "$WORK/bare.wrk") requests/s, CPU per request $HTTP_FLOOR µs"
FLOOR=$(awk -v a="${SQL_FLOOR:-}" -v b="$HTTP_FLOOR" 'BEGIN { if (a != "") printf "%.0f", a + b }')
echo "the floor: ${FLOOR:-unknown} µs a trade (sqlbench's CPU per trade + bare HTTP's per request)"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { grep "^$1 " "$WORK/runs.txt" | awk -v c="$2" '{ print $c }' | median; }
cpu() { grep "^$1 " "$WORK/runs.txt" | awk '{ print $6 + $9 }' | median; } # each run's user + system

echo "== medians (ratios to $first)"
for build in $BUILDS; do
  name=${build%%=*}
  awk -v n="$name" -v t="$(col "$name" 2)" -v u="$(col "$name" 6)" -v y="$(col "$name" 9)" -v c="$(cpu "$name")" \
    -v t0="$(col "$first" 2)" -v c0="$(cpu "$first")" -v s="${CALLS[$name]}" -v f="${FLOOR:-}" \
    'BEGIN { printf "%-12s %6.0f trades/s (%.2f)  CPU/trade %4.0f µs (%.2f; user %.0f, system %.0f)  syscalls/trade %s",
             n, t, t / t0, c, c / c0, u, y, s; if (f != "") printf "  above the floor %.0f µs", c - f; print "" }'
done
