-- One-click unsubscribes (RFC 8058) as mail programs send them: a form POST of "List-Unsubscribe=One-Click"
-- to the List-Unsubscribe address of a newsletter e-mail. Each request takes the next subscriber's address
-- from the file VERN_PATHS, so every request unsubscribes someone (the write path), each thread from its own place.
local paths = {}
for line in io.lines(os.getenv("VERN_PATHS")) do
  paths[#paths + 1] = line
end
local counter = math.random(1, #paths)

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "List-Unsubscribe=One-Click"

request = function()
  counter = counter % #paths + 1
  return wrk.format(nil, paths[counter])
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
