-- wrk script for bench/serve.sh: POST /query with articles read from the
-- file named by the ARTICLES environment variable (one JSON object a line),
-- in turn.
local articles = {}
for line in io.lines(os.getenv("ARTICLES")) do
  articles[#articles + 1] = line
end
local next_article = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  next_article = next_article % #articles + 1
  return wrk.format(nil, "/query", nil, articles[next_article])
end

function done(summary, latency, requests)
  io.write(string.format("answers %d in %.1f s (%.0f/s), errors %d (status), %d (socket), p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
