-- wrk script: POST /api/v1/payments/initiate, each request with its own merchant reference.
-- Driven by bench/initiate.sh; by hand:
--   BENCH_API_KEY=sk_test_... wrk -t2 -c64 -d30s --latency -s bench/initiate.lua http://127.0.0.1:18000
-- Environment:
--   BENCH_API_KEY      secret API key (required)
--   BENCH_RUN          tag put in every reference, so runs against one database never collide (default "r")
--   BENCH_PHONE        customer phone (default 254712345678)
--   BENCH_AMOUNT       amount in KES (default 100)
--   BENCH_IDEMPOTENCY  "1" adds an Idempotency-Key header (the reference) to every request
--   BENCH_CALLBACK_URL the payments' webhook URL (callback_url); unset = none
--   BENCH_REFS_DIR     when set, every thread appends the merchant reference of each accepted (201/202) answer to
--                      refs-<run>-<thread>.txt there (initiate.sh checks each is in the database exactly once)
-- The last line printed, "BENCH_RESULT key=value ...", is what initiate.sh parses.

local api_key = os.getenv("BENCH_API_KEY")
local run     = os.getenv("BENCH_RUN") or "r"
local phone   = os.getenv("BENCH_PHONE") or "254712345678"
local amount  = os.getenv("BENCH_AMOUNT") or "100"
local idem    = os.getenv("BENCH_IDEMPOTENCY") == "1"
local hook    = os.getenv("BENCH_CALLBACK_URL")
local hook_field = (hook and hook ~= "") and string.format(',"callback_url":"%s"', hook) or ""
local refs_dir = os.getenv("BENCH_REFS_DIR")
local path    = "/api/v1/payments/initiate"

-- main state: one entry per wrk thread, read back in done()
local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

-- per-thread state (every wrk thread runs this file in its own Lua state);
-- globals so that done() can read them with thread:get()
non201      = 0
accepted    = 0
s5xx        = 0
statuses    = {}
first_error = nil
local refs_file = nil

local counter = 0
local headers = {}

function init(args)
   if api_key == nil or api_key == "" then
      error("BENCH_API_KEY is not set")
   end
   for name, value in pairs(wrk.headers) do
      headers[name] = value
   end
   headers["Authorization"] = "Bearer " .. api_key
   headers["Content-Type"]  = "application/json"
   headers["Accept"]        = "application/json"
   if refs_dir and refs_dir ~= "" then
      refs_file = assert(io.open(string.format("%s/refs-%s-%d.txt", refs_dir, run, id), "a"))
      refs_file:setvbuf("line") -- wrk never closes a thread's Lua state: nothing may wait in a buffer
   end
end

function request()
   counter = counter + 1
   local reference = string.format("BENCH-%s-%d-%d", run, id, counter)
   if idem then
      headers["Idempotency-Key"] = reference
   end
   local body = string.format(
      '{"amount":%s,"currency":"KES","payment_method":"mpesa","phone":"%s","reference":"%s"%s}',
      amount, phone, reference, hook_field)
   return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
   if status == 201 or status == 202 then
      accepted = accepted + 1
      if refs_file then
         local ref = string.match(body or "", '"merchant_reference"%s*:%s*"([^"]+)"')
         refs_file:write(ref or "?", "\n")
      end
   elseif status >= 500 then
      s5xx = s5xx + 1
   end
   if status ~= 201 then
      non201 = non201 + 1
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
   local bad, ok, errors5xx, by_status, sample = 0, 0, 0, {}, nil
   for _, thread in ipairs(threads) do
      bad = bad + (thread:get("non201") or 0)
      ok = ok + (thread:get("accepted") or 0)
      errors5xx = errors5xx + (thread:get("s5xx") or 0)
      local st = thread:get("statuses")
      if st then
         for code, n in pairs(st) do
            by_status[code] = (by_status[code] or 0) + n
         end
      end
      sample = sample or thread:get("first_error")
   end

   local secs = summary.duration / 1e6
   local rps, pps = 0, 0
   if secs > 0 then
      rps = summary.requests / secs
      pps = ok / secs
   end
   local e = summary.errors
   local p50, p90, p99 = latency:percentile(50), latency:percentile(90), latency:percentile(99)

   io.write("\n---- payments/initiate ----\n")
   io.write(string.format("requests        %d in %.2fs\n", summary.requests, secs))
   io.write(string.format("requests/s      %.1f\n", rps))
   io.write(string.format("201+202/s       %.1f\n", pps))
   io.write(string.format("latency ms      p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
      ms(p50), ms(p90), ms(p99), ms(latency.max)))
   io.write(string.format("non-201         %d\n", bad))
   local codes = {}
   for code in pairs(by_status) do table.insert(codes, code) end
   table.sort(codes)
   for _, code in ipairs(codes) do
      io.write(string.format("  HTTP %s      %d\n", code, by_status[code]))
   end
   if sample then
      io.write("  first non-201: " .. string.gsub(sample, "[\r\n]+", " ") .. "\n")
   end
   io.write(string.format("socket errors   connect %d  read %d  write %d  timeout %d\n",
      e.connect, e.read, e.write, e.timeout))
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_s=%.3f rps=%.1f payments_per_s=%.1f"
      .. " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non201=%d"
      .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d accepted=%d s5xx=%d\n",
      summary.requests, secs, rps, pps, ms(p50), ms(p90), ms(p99), ms(latency.max), bad,
      e.connect, e.read, e.write, e.timeout, ok, errors5xx))
end
