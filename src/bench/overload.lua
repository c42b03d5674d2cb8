-- wrk script for src/bench/overload.sh: random trades between PLAYERS players, sent again at
-- once whatever the answer (no backoff, Retry-After ignored), counting answers by status.
local players = tonumber(os.getenv("PLAYERS") or "1000")
local threads = {}
local counts = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  ok, shed, other = 0, 0, 0
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  -- io.playerservice.loadtest.PlayerPair.random: any two different players, equally likely.
  local seller = math.random(0, players - 1)
  local buyer = (seller + math.random(1, players - 1)) % players
  local body = string.format('{"sellId":"lt-%07d","buyId":"lt-%07d","amount":1,"price":1}', seller, buyer)
  return wrk.format("POST", "/trades", headers, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then shed = shed + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); s = s + t:get("shed"); x = x + t:get("other")
  end
  io.write(string.format("COUNTS ok=%d shed=%d other=%d errors=%d seconds=%.3f\n", o, s, x,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6))
end
