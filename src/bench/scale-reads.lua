-- wrk script for src/bench/scale.sh: the expensive reads, hammered. Every other request asks for
-- the count; the rest ask for a 1000-row page from a random place in the table of PLAYERS
-- players named sc-000000001 ... (as scale.sh fills it). Answers are counted by status.
local players = tonumber(os.getenv("PLAYERS") or "1000000")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  ok, shed, other, n = 0, 0, 0, 0
end

function request()
  n = n + 1
  if n % 2 == 0 then
    return wrk.format("GET", "/players/count")
  end
  return wrk.format("GET", string.format("/players?limit=1000&after=sc-%09d", math.random(1, players)))
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then shed = shed + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); s = s + t:get("shed"); x = x + t:get("other")
  end
  io.write(string.format("COUNTS ok=%d shed=%d other=%d seconds=%.3f\n", o, s, x, summary.duration / 1e6))
end
