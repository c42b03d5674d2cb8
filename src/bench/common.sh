# Sourced by the benchmark scripts: the setup they share. Globals: WORK (a temporary directory,
# deleted on exit), PIDS (processes stopped on exit), JAR (a copy of the service's jar).

# True when the command $1 is installed: tools a benchmark uses when present, with a SKIP line when not.
have() { command -v "$1" >/dev/null; }

# A work directory, the exit trap, and a copy of the build to run, so that rebuilding the project
# meanwhile cannot pull classes from under it: $WORK/target holds the jar ($JAR), its lib/, and the
# JVM options file and class-data archive when the build wrote them, with their times (-p), and
# $WORK/conf the project's conf/ (the cluster's Hazelcast file). The README's command runs it in
# $WORK as in the project:
#   (cd "$WORK" && java @target/player-service.jvm -jar target/player-service.jar)
# (the archive names the jar by that relative path, and checks its time).
bench_init() {
  WORK=$(mktemp -d)
  PIDS=()
  trap bench_cleanup EXIT
  [ -f target/player-service.jar ] || mvn -q -B package -DskipTests
  mkdir -p "$WORK/target/lib"
  cp -p target/player-service.jar "$WORK/target/"
  cp -p target/lib/*.jar "$WORK/target/lib/"
  for f in player-service.jvm player-service.jsa; do [ ! -f "target/$f" ] || cp -p "target/$f" "$WORK/target/"; done
  cp -rp conf "$WORK/"
  JAR="$WORK/target/player-service.jar"
}

# What goes before -jar to run this build as the README does, from $WORK: its JVM options file,
# when the build wrote one.
bench_jvm_options() {
  [ ! -f "$WORK/target/player-service.jvm" ] || echo "@target/player-service.jvm"
}

bench_cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

# Unless TIDB_HOST names a database: the embedded MariaDB with throwaway data and the server
# options in BENCH_DB_ARGS, its TIDB_* settings exported.
bench_database() {
  if [ -z "${TIDB_HOST:-}" ]; then
    EMBEDDED_DATA_DIR=:temp: java -jar "$JAR" embedded-db $BENCH_DB_ARGS >"$WORK/db.env" 2>"$WORK/db.log" &
    PIDS+=($!)
    for _ in $(seq 1 120); do grep -q TIDB_DB_NAME "$WORK/db.env" 2>/dev/null && break; sleep 1; done
    set -a; . "$WORK/db.env"; set +a
  fi
}

# Waits until the service at $1 answers.
bench_await() {
  for _ in $(seq 1 60); do curl -sf "$1/players/count" >/dev/null 2>&1 && break; sleep 1; done
}

# Players lt-0000000 .. lt-($2 - 1) (as loadtest names them) at the service at $1, rich enough
# never to be refused; those already there are kept.
bench_players() {
  awk -v n="$2" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s{\"id\":\"lt-%07d\",\"coins\":1000000000,\"goods\":1000000000}", (i ? "," : ""), i; print "]" }' >"$WORK/players.json"
  curl -s -o /dev/null -w '%{http_code}' -X POST "$1/players/bulk" -H 'Content-Type: application/json' \
    --data-binary @"$WORK/players.json" | grep -qE '201|409'
}

# Trades the service at $1 has answered 200 since it started (its trades_total{outcome="ok"}).
bench_ok_trades() {
  curl -s "$1/metrics" | sed -n 's/^trades_total{outcome="ok"} \([0-9.E]*\)$/\1/p' | awk '{ printf "%d", $1 }'
}

# Syscalls per trade of the service $1 (its pid) at $2 (its URL) while the command after them runs
# (its output dropped), from `strace -c -f`, which slows the service: that run's throughput means
# nothing. Sets STRACE_TRADES (the trades answered meanwhile), STRACE_CALLS and STRACE_FUTEX (per
# trade; "-" when strace reported nothing, said on stderr; STRACE_FUTEX empty when none was made);
# the report stays in $WORK/strace.txt.
bench_strace() {
  local pid=$1 url=$2 before tracer
  shift 2
  before=$(bench_ok_trades "$url")
  rm -f "$WORK/strace.txt"
  strace -c -f -p "$pid" -o "$WORK/strace.txt" 2>"$WORK/strace.err" &
  tracer=$!
  sleep 1
  "$@" >/dev/null
  kill -INT "$tracer" 2>/dev/null || true
  wait "$tracer" 2>/dev/null || true
  STRACE_TRADES=$(($(bench_ok_trades "$url") - before))
  STRACE_CALLS=- STRACE_FUTEX=-
  if [ -s "$WORK/strace.txt" ]; then
    STRACE_CALLS=$(awk -v t="$STRACE_TRADES" '/total$/ { printf "%.1f", $4 / t }' "$WORK/strace.txt")
    STRACE_FUTEX=$(awk -v t="$STRACE_TRADES" '$NF == "futex" { printf "%.2f", $4 / t }' "$WORK/strace.txt")
  else
    echo "strace reported nothing: $(head -c 300 "$WORK/strace.err")" >&2
  fi
}
