-- Posts page views as the tracker does (one event per beacon, text/plain), from a desktop Chrome, under the visitor
-- ids that consented to statistics before the run (run.sh writes them to the file VERN_VISITORS).
local ids = {}
for line in io.lines(os.getenv("VERN_VISITORS")) do
  ids[#ids + 1] = line
end
local counter = math.random(1, #ids)
local pages = { "/", "/pricing", "/product", "/signup", "/contact" }

wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

request = function()
  counter = counter % #ids + 1
  local body = string.format(
    '{"visitorId":"%s","events":[{"type":"pageview","url":"https://privacy.example.com%s?utm_source=bench","referrer":"https://www.google.com/","screen":1280}]}',
    ids[counter], pages[counter % #pages + 1])
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f errors=%d non2xx=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status, summary.requests))
end
