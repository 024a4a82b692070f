-- wrk script: one machine-readable line at the end of a run with the latency percentiles (ms), requests/s and the
-- answers that were not 2xx/3xx, for the bench scripts (dashboard.sh):
--   wrk -t2 -c4 -d10s -s bench/latency.lua -H 'Authorization: Bearer ...' URL
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "BENCH_WRK p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f requests=%d non2xx=%d socket_errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests / seconds, summary.requests, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
