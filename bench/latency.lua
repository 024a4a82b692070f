-- wrk script: one machine-readable line at the end of a run with the latency percentiles (ms), requests/s and the
-- answers that were not 2xx (wrk itself counts only 4xx/5xx; a redirect, e.g. to a login page, is counted here),
-- for the bench scripts (dashboard.sh):
--   wrk -t2 -c4 -d10s -s bench/latency.lua -H 'Authorization: Bearer ...' URL
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  redirects = 0
end

function response(status, headers, body)
  if status >= 300 and status < 400 then
    redirects = redirects + 1
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local redirected = 0
  for _, thread in ipairs(threads) do
    redirected = redirected + thread:get("redirects")
  end
  io.write(string.format(
    "BENCH_WRK p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f requests=%d non2xx=%d socket_errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests / seconds, summary.requests, errors.status + redirected,
    errors.connect + errors.read + errors.write + errors.timeout))
end
