-- Posts consent decisions, each from a new visitor, as banners across many sites would.
local counter = 0
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

local function visitor()
  counter = counter + 1
  local id = {}
  for i = 1, 22 do
    local n = math.random(1, #chars)
    id[i] = chars:sub(n, n)
  end
  return table.concat(id) .. counter
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
