-- Posts consent decisions, as banners across many sites would, under the visitor ids Vern issued
-- before the run (start_vern writes them to the file VERN_VISITORS), each thread from its own place.
local ids = {}
for line in io.lines(os.getenv("VERN_VISITORS")) do
  ids[#ids + 1] = line
end
local counter = math.random(1, #ids)

local function visitor()
  counter = counter % #ids + 1
  return ids[counter]
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  local body = string.format(
    '{"visitorId":"%s","revision":%d,"language":"en","action":"custom","categories":{"analytics":true,"marketing":false},"gpc":false}',
    visitor(), tonumber(os.getenv("VERN_REVISION") or "1"))
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
