#!/usr/bin/env bash
# Scale benchmark: the service on a table of N players (10,000,000 by default), in one run on the
# embedded MariaDB (or the database TIDB_* names; the fast fills need MariaDB's sequence engine and
# a mariadb/mysql client, else the players go in through POST /players/bulk). It measures:
#   1. trades/s with 1000 traders in a table of 1000 players, then in the table of N (loadtest);
#   2. the fill itself (rows/s, one INSERT ... SELECT per million rows);
#   3. GET /players/count cold (a COUNT runs: the freshness window has passed) and warm (cached);
#   4. 1000-row keyset pages at the start, the middle and the end of the table; GET by id;
#   5. the trade p99 at a fixed rate (open model, a third of the measured maximum) alone, and
#      while 32 wrk connections hammer the count and 1000-row pages (skipped without wrk);
#   6. the ingest rate of BULK players (N/10, at most 1,000,000) through POST /players/bulk,
#      10,000 per request, 4 requests at a time;
#   7. a player with LEDGER_TRADES (100,000) trades: the first and a deep page of its history,
#      and the plans (EXPLAIN) of the ledger's keyset queries;
#   8. the service's resident memory before and after.
# Each latency is the median of several curl requests (time_total), one at a time.
#
#   bash src/bench/scale.sh                   # --players 10000000
#   bash src/bench/scale.sh --players 50000   # a short smoke run
set -euo pipefail
cd "$(dirname "$0")/../.."

N=10000000
while [ $# -gt 0 ]; do
  case "$1" in
    --players) N=$2; shift 2 ;;
    *) echo "usage: $0 [--players N]" >&2; exit 2 ;;
  esac
done
[ "$N" -ge 2000 ] || { echo "--players must be at least 2000, got $N" >&2; exit 2; }
SECS=${SECONDS_PER_RUN:-10}
BULK=${BULK:-$((N / 10 < 1000000 ? N / 10 : 1000000))}
LEDGER_TRADES=${LEDGER_TRADES:-100000}
PORT=${BENCH_PORT:-18080}
URL="http://127.0.0.1:$PORT"
BENCH_DB_ARGS=${BENCH_DB_ARGS:---innodb-buffer-pool-size=1G}
. src/bench/common.sh
bench_init

have wrk || echo "SKIP: wrk is not installed (apt-get install -y wrk); no trade p99 while reads hammer"
SQL_CLIENT=$(command -v mariadb || command -v mysql || ls "$HOME"/.cache/player-service/mariadb-*/bin/mariadb 2>/dev/null | head -1 || true)
[ -n "$SQL_CLIENT" ] || echo "SKIP: no mariadb/mysql client; players are filled through the API, and the ledger is not measured"

bench_database
sql() { "$SQL_CLIENT" -h "$TIDB_HOST" -P "$TIDB_PORT" -u "$TIDB_USER" -p"$TIDB_PASSWORD" -N -B "$TIDB_DB_NAME" -e "$1"; }

HTTP_PORT=$PORT java -jar "$JAR" 2>"$WORK/service.log" &
SERVICE=$!
PIDS+=($SERVICE)
bench_await "$URL"

rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$SERVICE/status"; }
ms() { curl -s -o /dev/null -w '%{time_total}\n' "$URL$1" | awk '{ printf "%.2f\n", $1 * 1000 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "-") }'; }
times() { for _ in $(seq 1 "$1"); do ms "$2"; done | median; } # median of $1 requests to $2
loadtest() { java -jar "$JAR" loadtest --url "$URL" --players 1000 --no-keys --connections 64 --duration "$SECS" --out "$WORK/report" "$@" >"$WORK/loadtest.log" 2>&1; }
field() { jq -r "$1" "$WORK/report/report.json"; }
id() { printf 'sc-%09d' "$1"; }

RSS_BEFORE=$(rss_mb)
echo "trades/s in a table of 1000 players..."
bench_players "$URL" 1000
loadtest --warmup 5 # unmeasured: the service's JIT, so the first figure is not the coldest
loadtest
TRADES_SMALL=$(field .tradesPerSecond)

echo "filling $N players..."
START=$(date +%s.%N)
if [ -n "$SQL_CLIENT" ] && sql "SELECT 1 FROM seq_1_to_1" >/dev/null 2>&1; then
  for ((from = 1; from <= N; from += 1000000)); do
    to=$((from + 999999 < N ? from + 999999 : N))
    sql "INSERT INTO player (id, coins, goods) SELECT CONCAT('sc-', LPAD(seq, 9, '0')), 1000, 1000 FROM seq_${from}_to_${to}"
  done
else
  for ((from = 1; from <= N; from += 10000)); do
    awk -v a="$from" -v b="$((from + 9999 < N ? from + 9999 : N))" 'BEGIN { printf "["; for (i = a; i <= b; i++) printf "%s{\"id\":\"sc-%09d\",\"coins\":1000,\"goods\":1000}", (i > a ? "," : ""), i; print "]" }' >"$WORK/fill.json"
    curl -sf -o /dev/null -X POST "$URL/players/bulk" -H 'Content-Type: application/json' --data-binary @"$WORK/fill.json"
  done
fi
FILL_RATE=$(awk -v s="$START" -v e="$(date +%s.%N)" -v n="$N" 'BEGIN { printf "%d", n / (e - s) }')

echo "reads..."
sleep 1.2 # past the count's freshness window
COUNT_COLD=$(for _ in 1 2 3; do ms /players/count; sleep 1.2; done | median)
ms /players/count >/dev/null
COUNT_WARM=$(times 9 /players/count)
PAGE_START=$(times 5 "/players?limit=1000")
PAGE_MIDDLE=$(times 5 "/players?limit=1000&after=$(id $((N / 2)))")
PAGE_END=$(times 5 "/players?limit=1000&after=$(id $((N - 1000)))")
GET_BY_ID=$(for _ in $(seq 1 21); do ms "/players/$(id $(((RANDOM * 32768 + RANDOM) % N + 1)))"; done | median)

echo "trades/s in the table of $N..."
loadtest
TRADES_LARGE=$(field .tradesPerSecond)

P99_ALONE=- P99_HAMMERED=- READS_RATE=-
if have wrk; then
  RATE=$((TRADES_LARGE / 3))
  echo "trade p99 at $RATE trades/s, alone and while reads hammer..."
  loadtest --rate "$RATE"
  P99_ALONE=$(field .latencyMs.p99)
  PLAYERS=$N wrk -t2 -c32 -d"$((SECS + 4))s" --timeout 30s -s src/bench/scale-reads.lua "$URL" >"$WORK/wrk.log" 2>&1 &
  WRK=$!
  sleep 2
  loadtest --rate "$RATE"
  P99_HAMMERED=$(field .latencyMs.p99)
  wait "$WRK" || true
  READS_RATE=$(sed -n 's/^COUNTS ok=\([0-9]*\) shed=\([0-9]*\) .*seconds=\([0-9.]*\).*/\1 \2 \3/p' "$WORK/wrk.log" \
    | awk '{ printf "%d/s (503: %d/s)", $1 / $3, $2 / $3 }')
fi

echo "ingesting $BULK players through POST /players/bulk..."
for ((from = 1; from <= BULK; from += 10000)); do
  awk -v a="$from" -v b="$((from + 9999 < BULK ? from + 9999 : BULK))" 'BEGIN { printf "["; for (i = a; i <= b; i++) printf "%s{\"id\":\"bk-%09d\",\"coins\":1,\"goods\":1}", (i > a ? "," : ""), i; print "]" }' >"$WORK/bulk-$from.json"
done
START=$(date +%s.%N)
ls "$WORK"/bulk-*.json | xargs -P 4 -I{} curl -sf -o /dev/null -X POST "$URL/players/bulk" \
  -H 'Content-Type: application/json' --data-binary @{}
INGEST_RATE=$(awk -v s="$START" -v e="$(date +%s.%N)" -v n="$BULK" 'BEGIN { printf "%d", n / (e - s) }')

LEDGER_FIRST=- LEDGER_DEEP=- DEPTH=0
if [ -n "$SQL_CLIENT" ] && sql "SELECT 1 FROM seq_1_to_1" >/dev/null 2>&1; then
  echo "a player with $LEDGER_TRADES trades..."
  P1=$(id 1) P2=$(id 2)
  sql "INSERT INTO trade SELECT UNHEX(MD5(CONCAT('scale-', seq))), IF(seq % 2, '$P1', '$P2'), IF(seq % 2, '$P2', '$P1'),
       1, 1, 1000, 1000, 1000, 1000, TIMESTAMP'2026-01-01 00:00:00' + INTERVAL seq * 1000 MICROSECOND, NULL
       FROM seq_1_to_$LEDGER_TRADES"
  LEDGER_FIRST=$(times 9 "/trades?player=$P1&limit=20")
  # A cursor deep in the history: walk 1000-row pages to about 90% of it.
  NEXT=""
  for ((i = 0; i < LEDGER_TRADES * 9 / 10 / 1000; i++)); do
    NEXT=$(curl -s "$URL/trades?player=$P1&limit=1000${NEXT:+&after=$NEXT}" | jq -r .next)
    DEPTH=$((DEPTH + 1000))
  done
  LEDGER_DEEP=$(times 9 "/trades?player=$P1&limit=20${NEXT:+&after=$NEXT}")
  echo "== plans of a deep ledger page (seller side, buyer side)"
  for side in sell_id buy_id; do
    sql "EXPLAIN SELECT id, sell_id, buy_id, amount, price, seller_coins, seller_goods, buyer_coins, buyer_goods,
         traded_at, idempotency_key FROM trade WHERE $side = '$P1' AND (traded_at < '2026-01-01 00:00:10' OR (traded_at = '2026-01-01 00:00:10' AND id < x'00'))
         ORDER BY traded_at DESC, id DESC LIMIT 21" | awk -F'\t' '{ print "table " $3 ", type " $4 ", key " $6 ", rows " $9 ", extra " $10 }'
  done
fi
RSS_AFTER=$(rss_mb)

echo "== $N players (embedded MariaDB unless TIDB_HOST is set; ${SECS}s runs)"
printf '%-52s %s\n' \
  "fill, INSERT ... SELECT from seq (rows/s)" "$FILL_RATE" \
  "GET /players/count, cold: a COUNT runs (ms)" "$COUNT_COLD" \
  "GET /players/count, warm: within the window (ms)" "$COUNT_WARM" \
  "1000-row page at the start (ms)" "$PAGE_START" \
  "1000-row page in the middle (ms)" "$PAGE_MIDDLE" \
  "1000-row page at the end (ms)" "$PAGE_END" \
  "GET /players/{id} (ms)" "$GET_BY_ID" \
  "trades/s, 1000 players in the table" "$TRADES_SMALL" \
  "trades/s, $N players in the table" "$TRADES_LARGE" \
  "trades/s ratio, N / 1000" "$(awk -v a="$TRADES_LARGE" -v b="$TRADES_SMALL" 'BEGIN { printf "%.2f", a / b }')" \
  "trade p99 at a third of the max, alone (ms)" "$P99_ALONE" \
  "trade p99, same rate, 32 readers hammering (ms)" "$P99_HAMMERED" \
  "  the readers' answers (count and 1000-row pages)" "$READS_RATE" \
  "ingest, POST /players/bulk x $BULK (rows/s)" "$INGEST_RATE" \
  "ledger of $LEDGER_TRADES trades: first page of 20 (ms)" "$LEDGER_FIRST" \
  "ledger: a page of 20 after $DEPTH rows (ms)" "$LEDGER_DEEP" \
  "service RSS before / after (MB)" "$RSS_BEFORE / $RSS_AFTER"
