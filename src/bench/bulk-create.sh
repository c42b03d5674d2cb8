#!/usr/bin/env bash
# Bulk-create benchmark: POST /players/bulk with 10,000 players, against the service on the
# embedded MariaDB (or the database TIDB_* names), on this machine.
#
# It prints rows/s for each round and their median, and, measured in the same run, the rows/s
# of creating players one POST /players at a time over one keep-alive connection, so the ratio
# between the two is what to compare across machines.
#
#   bash src/bench/bulk-create.sh            # ROUNDS=5 BATCH=10000 SINGLES=2000 by default
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-5}
BATCH=${BATCH:-10000}
SINGLES=${SINGLES:-2000}
PORT=${BENCH_PORT:-18080}
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

[ -f target/player-service.jar ] || mvn -q -B package -DskipTests

# Throwaway data: the benchmark must not meet (or leave) the players of an earlier run.
EMBEDDED_DATA_DIR=:temp: HTTP_PORT=$PORT java -jar target/player-service.jar 2>"$WORK/service.log" &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "$URL/players/count" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 1
done

# One JSON array of $BATCH players whose ids start with $1.
batch() {
  awk -v n="$BATCH" -v p="$1" 'BEGIN {
    printf "[";
    for (i = 0; i < n; i++) printf "%s{\"id\":\"%s-%d\",\"coins\":10000,\"goods\":10000}", (i ? "," : ""), p, i;
    printf "]" }'
}

# Warm-up: the JIT and the prepared-statement cache, not measured.
batch warm > "$WORK/warm.json"
curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @"$WORK/warm.json" "$URL/players/bulk"

rates=()
for r in $(seq 1 "$ROUNDS"); do
  batch "round$r" > "$WORK/b.json"
  secs=$(curl -sf -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' \
    --data-binary @"$WORK/b.json" "$URL/players/bulk")
  rate=$(awk -v n="$BATCH" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
  rates+=("$rate")
  printf 'round %d: %d players in %.3f s = %s rows/s\n' "$r" "$BATCH" "$secs" "$rate"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')

# The same rows one request each: a curl config of $SINGLES requests on one connection.
awk -v n="$SINGLES" -v u="$URL/players" 'BEGIN {
  for (i = 0; i < n; i++) {
    if (i) print "next";
    printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\noutput = \"/dev/null\"\n", u;
    printf "data = \"{\\\"id\\\":\\\"single-%d\\\",\\\"coins\\\":1,\\\"goods\\\":1}\"\n", i
  } }' > "$WORK/singles.cfg"
start=$(date +%s.%N)
curl -sf --config "$WORK/singles.cfg"
end=$(date +%s.%N)
single=$(awk -v n="$SINGLES" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')

count=$(curl -sf "$URL/players/count")
echo "players in the table: $count"
echo "bulk median: $median rows/s ($ROUNDS rounds of $BATCH)"
echo "single POSTs: $single rows/s ($SINGLES requests, one connection)"
awk -v b="$median" -v s="$single" 'BEGIN { printf "ratio bulk / single: %.1fx\n", b / s }'
