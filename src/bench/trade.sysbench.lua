-- sysbench script for src/bench/trade-bench.sh: the service's trade run straight on the database
-- by a C client, the yardstick the HTTP trade is measured against. The same statements as
-- TradeService: BEGIN; both players locked in id order; the checks; one UPDATE of both balances;
-- the ledger row (16 random bytes for an id, as the service makes); COMMIT. Text protocol.
-- sysbench cannot run Java, so this copies, and must follow when they change:
--   the statements  PlayerRepository.LOCK_PAIR_FOR_UPDATE and SET_PAIR_BALANCES,
--                   TradeRepository.INSERT (src/main/java/io/playerservice/{player,trade}/);
--   the checks      Trade.settle (the seed's two refusals; the overflow checks cannot trip here);
--   the pair        loadtest/PlayerPair.random.
-- (java -jar target/player-service.jar sqlbench runs the Java itself, over the reactive client.)
-- sysbench.rand, not math.random: every thread seeds math.random alike.
--
--   sysbench src/bench/trade.sysbench.lua --db-driver=mysql --mysql-host=... --threads=16 --time=10 run
-- Players lt-0000000 .. lt-(players-1) must exist (trade-bench.sh creates them through the API).

sysbench.cmdline.options = {
  players = {"Players to trade among, lt-0000000 onwards", 1000},
  hot = {"Trade only among the first this many players (0: all)", 0}
}

local AMOUNT, PRICE = 1, 10

function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
  span = sysbench.opt.hot > 0 and sysbench.opt.hot or sysbench.opt.players
end

function thread_done()
  con:disconnect()
end

local function id(i)
  return string.format("lt-%07d", i)
end

local function random_hex(bytes)
  local t = {}
  for i = 1, bytes do t[i] = string.format("%02x", sysbench.rand.uniform(0, 255)) end
  return table.concat(t)
end

function event()
  -- io.playerservice.loadtest.PlayerPair.random: any two different players, equally likely.
  local seller = sysbench.rand.uniform(0, span - 1)
  local buyer = (seller + sysbench.rand.uniform(1, span - 1)) % span
  local s, b = id(seller), id(buyer)
  con:query("BEGIN")
  local rs = con:query(string.format(
    "SELECT id, coins, goods FROM player WHERE id IN ('%s', '%s') ORDER BY id FOR UPDATE", s, b))
  local rows = {}
  for _ = 1, rs.nrows do
    local row = rs:fetch_row()
    rows[row[1]] = { coins = tonumber(row[2]), goods = tonumber(row[3]) }
  end
  local sp, bp = rows[s], rows[b]
  if sp == nil or bp == nil or sp.goods < AMOUNT or bp.coins < PRICE then
    con:query("ROLLBACK")
    return
  end
  local sc, sg = sp.coins + PRICE, sp.goods - AMOUNT
  local bc, bg = bp.coins - PRICE, bp.goods + AMOUNT
  con:query(string.format([[UPDATE player
   SET coins = CASE WHEN id = '%s' THEN %d ELSE %d END,
       goods = CASE WHEN id = '%s' THEN %d ELSE %d END
 WHERE id IN ('%s', '%s')]], s, sc, bc, s, sg, bg, s, b))
  con:query(string.format([[INSERT INTO trade (id, sell_id, buy_id, amount, price, seller_coins, seller_goods,
 buyer_coins, buyer_goods, traded_at, idempotency_key)
 VALUES (X'%s', '%s', '%s', %d, %d, %d, %d, %d, %d, NOW(6), NULL)]],
    random_hex(16), s, b, AMOUNT, PRICE, sc, sg, bc, bg))
  con:query("COMMIT")
end
