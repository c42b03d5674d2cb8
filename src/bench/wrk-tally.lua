-- What the wrk scripts share (overload.lua, scale-reads.lua load it with dofile, from the
-- repository's root, where the benchmark scripts run): each thread counts its answers by status,
-- and at the end one line sums them for the scripts to parse:
--   COUNTS ok=N shed=N other=N errors=N seconds=S
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  ok, shed, other = 0, 0, 0
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
