-- wrk script for src/bench/scale.sh: the expensive reads, hammered. Every other request asks for
-- the count; the rest ask for a 1000-row page from a random place in the table of PLAYERS
-- players named sc-000000001 ... (as scale.sh fills it). Answers are counted by status.
local players = tonumber(os.getenv("PLAYERS") or "1000000")
local n = 0
dofile("src/bench/wrk-tally.lua")

function request()
  n = n + 1
  if n % 2 == 0 then
    return wrk.format("GET", "/players/count")
  end
  return wrk.format("GET", string.format("/players?limit=1000&after=sc-%09d", math.random(1, players)))
end
