-- wrk script: POSTs Daraja STK callbacks, one prepared body per request, each body sent once.
-- Driven by bench/callbacks.sh; by hand (a file of one JSON body per line, each for a pending payment):
--   BENCH_BODIES=bodies.jsonl BENCH_THREADS=2 wrk -t2 -c64 -d10s --latency -s bench/callbacks.lua http://127.0.0.1:8000
-- Environment:
--   BENCH_BODIES        file of callback bodies, one per line (required)
--   BENCH_THREADS       wrk's -t (thread i of n takes lines i, i+n, i+2n, ...: no body is sent twice)
--   BENCH_CALLBACK_PATH URL path (default /api/v1/payments/mpesa/callback/dev-callback-token)
-- A thread that runs out of bodies stops and counts it ("exhausted"): callbacks.sh then refuses the run, since a
-- repeated body would measure the cheaper duplicate path.
-- The last line printed, "BENCH_RESULT key=value ...", is what callbacks.sh parses.

local file     = os.getenv("BENCH_BODIES")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local path     = os.getenv("BENCH_CALLBACK_PATH") or "/api/v1/payments/mpesa/callback/dev-callback-token"

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

-- per-thread state, globals so that done() can read them with thread:get()
ok          = 0
non200      = 0
sent        = 0
exhausted   = 0
statuses    = {}
first_error = nil

local bodies, count = {}, 0
local headers = {}

function init(args)
   if file == nil or file == "" then
      error("BENCH_BODIES is not set")
   end
   local line_no = 0
   for line in io.lines(file) do
      if line_no % nthreads == id - 1 then
         count = count + 1
         bodies[count] = line
      end
      line_no = line_no + 1
   end
   for name, value in pairs(wrk.headers) do
      headers[name] = value
   end
   headers["Content-Type"] = "application/json"
end

function request()
   if sent >= count then
      exhausted = exhausted + 1
      wrk.thread:stop()
      return wrk.format("POST", path, headers, bodies[count])
   end
   sent = sent + 1
   return wrk.format("POST", path, headers, bodies[sent])
end

function response(status, hdrs, body)
   if status == 200 then
      ok = ok + 1
   else
      non200 = non200 + 1
      local key = tostring(status)
      statuses[key] = (statuses[key] or 0) + 1
      if first_error == nil then
         first_error = key .. " " .. string.sub(body or "", 1, 300)
      end
   end
end

local function ms(us)
   return us / 1000.0
end

function done(summary, latency, requests)
   local good, bad, bodies_sent, short, by_status, sample = 0, 0, 0, 0, {}, nil
   for _, thread in ipairs(threads) do
      good = good + (thread:get("ok") or 0)
      bad = bad + (thread:get("non200") or 0)
      bodies_sent = bodies_sent + (thread:get("sent") or 0)
      short = short + (thread:get("exhausted") or 0)
      local st = thread:get("statuses")
      if st then
         for code, n in pairs(st) do
            by_status[code] = (by_status[code] or 0) + n
         end
      end
      sample = sample or thread:get("first_error")
   end

   local secs = summary.duration / 1e6
   local cps = secs > 0 and good / secs or 0
   local e = summary.errors
   local p50, p90, p99 = latency:percentile(50), latency:percentile(90), latency:percentile(99)

   io.write("\n---- mpesa STK callbacks ----\n")
   io.write(string.format("responses       %d in %.2fs (%d bodies sent)\n", summary.requests, secs, bodies_sent))
   io.write(string.format("200/s           %.1f\n", cps))
   io.write(string.format("latency ms      p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
      ms(p50), ms(p90), ms(p99), ms(latency.max)))
   io.write(string.format("non-200         %d\n", bad))
   local codes = {}
   for code in pairs(by_status) do table.insert(codes, code) end
   table.sort(codes)
   for _, code in ipairs(codes) do
      io.write(string.format("  HTTP %s      %d\n", code, by_status[code]))
   end
   if sample then
      io.write("  first non-200: " .. string.gsub(sample, "[\r\n]+", " ") .. "\n")
   end
   io.write(string.format("socket errors   connect %d  read %d  write %d  timeout %d\n",
      e.connect, e.read, e.write, e.timeout))
   io.write(string.format(
      "BENCH_RESULT responses=%d ok=%d non200=%d sent=%d exhausted=%d duration_s=%.3f callbacks_per_s=%.1f"
      .. " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f"
      .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      summary.requests, good, bad, bodies_sent, short, secs, cps, ms(p50), ms(p90), ms(p99), ms(latency.max),
      e.connect, e.read, e.write, e.timeout))
end
