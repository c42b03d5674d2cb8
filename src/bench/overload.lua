-- wrk script for src/bench/overload.sh: random trades between PLAYERS players, sent again at
-- once whatever the answer (no backoff, Retry-After ignored), counting answers by status.
local players = tonumber(os.getenv("PLAYERS") or "1000")
dofile("src/bench/wrk-tally.lua")

local headers = { ["Content-Type"] = "application/json" }

function request()
  -- io.playerservice.loadtest.PlayerPair.random: any two different players, equally likely.
  local seller = math.random(0, players - 1)
  local buyer = (seller + math.random(1, players - 1)) % players
  local body = string.format('{"sellId":"lt-%07d","buyId":"lt-%07d","amount":1,"price":1}', seller, buyer)
  return wrk.format("POST", "/trades", headers, body)
end
