#!/usr/bin/env bash
# Webhook fan-out sustained while payments are taken. Payments go in at BENCH_PAYMENT_RATE a second (open loop,
# bench/OpenLoop.java; "max": wrk, closed loop, as many as the gateway takes), each with a callback_url pointing at a
# local receiver (bench/WebhookReceiver.java), while an open-loop injector adds BENCH_EVENT_RATE outbox events a second
# for the same merchant (its webhook URL is the receiver too): every event is one delivery, one signed POST. Printed:
# the receiver's own ceiling (wrk against it alone: the baseline), the events generated and delivered per second during
# the load and their ratio, the backlog and its age when the load stops, the drain with the CPUs to itself, fan-out
# statements and commits per event (pg_stat_statements), CPU per event by process, duplicates and lost events.
# See bench/README.md.
#   bash bench/fanout.sh
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18300}
DB_PORT=${BENCH_DB_PORT:-15600}
RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18350}
JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar}
PAYMENT_RATE=${BENCH_PAYMENT_RATE:-100}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-10s}
EVENT_RATE=${BENCH_EVENT_RATE:-2000}
TARGET=${BENCH_TARGET_EVENTS:-2000}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-300}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}
export BENCH_READY_TIMEOUT=${BENCH_READY_TIMEOUT:-180}

log() { bench_log "$@"; }
die() { bench_die "$@"; }
seconds() { # 30s, 2m, 45 -> seconds
  case "$1" in
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}

bench_tools wrk curl psql
bench_java
bench_build_if_missing "$JAR"
bench_ports_free "$PORT" "$DB_PORT" "$RECEIVER_PORT"
bench_init fanout
((EVENT_RATE % 10 == 0)) || die "BENCH_EVENT_RATE must be a multiple of 10 (the injector adds a tenth every 100 ms)"

psql_() { bench_psql "$DB_PORT" "$@"; }
RECEIVER="http://127.0.0.1:$RECEIVER_PORT"
stats() { curl -fsS -m 5 "$RECEIVER/stats"; }
stat() { stats | sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; }
# CPU time (clock ticks) of a process, and of the embedded PostgreSQL (postmaster and every backend)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local postmaster
  postmaster=$(head -n1 "$BENCH_TMP/pg/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  ps -o pid= --ppid "$postmaster" -p "$postmaster" | while read -r pid; do ticks "$pid"; done | awk '{ s += $1 } END { print s + 0 }'
}
cpu() { echo "$(ticks "$APP_PID") $(pg_ticks) $(ticks "$receiver_pid")"; }

# ---------------------------------------------------------------- the receiver and its own ceiling (the baseline)
log "starting the webhook receiver on $RECEIVER"
"$JAVA" bench/WebhookReceiver.java "$RECEIVER_PORT" >"$BENCH_TMP/receiver.out" 2>&1 &
receiver_pid=$!
BENCH_CHILDREN+=("$receiver_pid")
bench_wait_http "$RECEIVER/stats" "$receiver_pid" receiver 60

cat >"$BENCH_TMP/probe.lua" <<'LUA'
-- a signed webhook's size, each with its own event id, to the receiver's /probe (counted apart from /hook)
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-OnPoint-Signature"] = "t=1764249600,v1=" .. string.rep("a", 64)
wrk.body = '{"id":"evt_probe","type":"payment.completed","created":1764249600,"data":{' .. string.rep('"k":"v",', 40) .. '"e":1}}'
request = function()
  n = n + 1
  wrk.headers["X-OnPoint-Event-Id"] = "evt_probe_" .. tostring(n) .. "_" .. tostring(math.random(1, 1e9))
  return wrk.format(nil, "/probe")
end
LUA
log "receiver ceiling: wrk -c32 against /probe (3 s warm-up, 5 s measured)"
wrk -t1 -c32 -d3s -s "$BENCH_TMP/probe.lua" "$RECEIVER" >/dev/null 2>&1 || true
receiver_ceiling=$(wrk -t1 -c32 -d5s -s "$BENCH_TMP/probe.lua" "$RECEIVER" 2>&1 | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
[[ -n "$receiver_ceiling" ]] || die "wrk against the receiver failed"
log "receiver alone: $receiver_ceiling POSTs/s"

# ---------------------------------------------------------------- gateway, merchant, statement counting
bench_gateway_start "$JAR" "$PORT" "$DB_PORT" \
  SIM_DARAJA_CALLBACK_DELAY=0s SIM_DARAJA_CANCEL_DELAY=0s WEBHOOK_ALLOW_PRIVATE_TARGETS=true \
  EMBEDDED_DB_PRELOAD_LIBRARIES=pg_stat_statements \
  RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_PER_MINUTE=100000000 LIMIT_DAILY_COUNT=100000000
bench_create_merchant
psql_ -c "UPDATE merchants SET webhook_url = '$RECEIVER/hook'" >/dev/null
statements=1
psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 \
  || { statements=0; log "no pg_stat_statements in this jar's database: statement counts are left out"; }

# ---------------------------------------------------------------- the injector: open loop, a tenth every 100 ms
warmup_s=$(seconds "$WARMUP")
duration_s=$(seconds "$DURATION")
per_tick=$((EVENT_RATE / 10))
inject() { # runs until cancelled: each tick commits per_tick events shaped like a payment.completed
  PGAPPNAME=fanout-injector psql_ >"$BENCH_TMP/injector.out" 2>&1 <<SQL || true
DO \$\$
DECLARE
  started timestamptz := clock_timestamp();
  tick int := 0;
BEGIN
  LOOP
    INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, payload)
    SELECT 'evt_inj' || lpad((tick * $per_tick + g)::text, 12, '0'), m.id, 'test', 'INJ' || (tick * $per_tick + g),
           'payment.completed',
           jsonb_build_object('reference', 'INJ' || (tick * $per_tick + g), 'merchant_reference', 'ORDER-' || g,
                              'amount', '100.00', 'currency', 'KES', 'status', 'completed', 'payment_method', 'mpesa',
                              'phone', '2547*****678', 'provider_reference', 'SIM' || tick || 'X' || g,
                              'fee', '1.50', 'net', '98.50', 'metadata', jsonb_build_object('cart', g))
    FROM merchants m, generate_series(1, $per_tick) g;
    COMMIT;
    tick := tick + 1;
    PERFORM pg_sleep(greatest(0, extract(epoch FROM started + tick * interval '100 milliseconds' - clock_timestamp())));
  END LOOP;
END
\$\$;
SQL
}
stop_injector() {
  psql_ -tAc "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = 'fanout-injector'" \
    >/dev/null 2>&1 || true
  wait "$injector_pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- load
export BENCH_API_KEY=$API_KEY BENCH_CALLBACK_URL="$RECEIVER/hook"
if [[ "$PAYMENT_RATE" == max ]]; then
  payments_how="wrk, $THREADS threads, $CONNECTIONS connections (as many as the gateway takes)"
else
  payments_how="$PAYMENT_RATE/s scheduled (open loop)"
  mkdir -p "$BENCH_TMP/openloop"
  "$(dirname "$JAVA")/javac" -d "$BENCH_TMP/openloop" bench/OpenLoop.java 2>"$BENCH_TMP/javac.err" \
    || { cat "$BENCH_TMP/javac.err" >&2; die "bench/OpenLoop.java does not compile (needs JDK 21+: BENCH_JAVA)"; }
fi
# take_payments TAG SECONDS OUT: payments for SECONDS; the last line of OUT is "PAYMENTS accepted=N seconds=S"
take_payments() {
  local tag=$1 secs=$2 out=$3 result
  if [[ "$PAYMENT_RATE" == max ]]; then
    BENCH_RUN=$tag wrk -t"$THREADS" -c"$CONNECTIONS" --timeout 5s --latency -s bench/initiate.lua -d"${secs}s" \
      "$APP_URL" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    result=$(grep '^BENCH_RESULT ' "$out" | tail -n1)
  else
    BENCH_RUN=$tag "$JAVA" -Xmx256m -cp "$BENCH_TMP/openloop" OpenLoop "$APP_URL/api/v1/payments/initiate" \
      "$PAYMENT_RATE" "$secs" 5 >"$out" 2>&1 || { cat "$out" >&2; die "OpenLoop failed"; }
    result=$(grep '^BENCH_OPEN ' "$out" | tail -n1)
  fi
  echo "PAYMENTS accepted=$(sed -n 's/.* accepted=\([0-9]*\).*/\1/p' <<<"$result")" \
    "seconds=$(sed -n 's/.* duration_s=\([0-9.]*\).*/\1/p' <<<"$result")" >>"$out"
}

log "warm-up $WARMUP: payments ($payments_how) and $EVENT_RATE injected events/s"
inject &
injector_pid=$!
BENCH_CHILDREN+=("$injector_pid")
take_payments w "$warmup_s" "$BENCH_TMP/warmup.txt"

snapshot() { # epoch, commits, outbox events
  psql_ -tAF' ' -c "SELECT extract(epoch FROM clock_timestamp()),
    (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
    (SELECT count(*) FROM outbox_events)"
}
# the fan-out's statements: claims, deliveries, attempts, publication marks (not the outbox INSERTs that make events)
FANOUT_SQL="query ILIKE '%webhook_deliveries%' OR query ILIKE '%webhook_attempts%' OR query ILIKE '%published_at%'"
fanout_statements() {
  ((statements)) || { echo 0; return; }
  psql_ -tAc "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE $FANOUT_SQL"
}
reset_statements() { ((statements)) && psql_ -tAc "SELECT pg_stat_statements_reset()" >/dev/null || true; }

log "measuring $DURATION: payments ($payments_how) and $EVENT_RATE injected events/s"
reset_statements
read -r t0 commits0 events0 <<<"$(snapshot)"
read -r app0 pg0 rcv0 <<<"$(cpu)"
take_payments m "$duration_s" "$BENCH_TMP/load.txt"
stop_injector
read -r t1 commits1 events1 <<<"$(snapshot)"
read -r app1 pg1 rcv1 <<<"$(cpu)"
load_statements=$(fanout_statements)
statement_profile=""
((statements)) && statement_profile=$(psql_ -c "SELECT calls, round((total_exec_time / calls)::numeric, 2) AS mean_ms,
    round(rows::numeric / calls, 1) AS rows_per_call, left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS statement
  FROM pg_stat_statements WHERE $FANOUT_SQL ORDER BY total_exec_time DESC LIMIT 8")
# how far behind the fan-out was when the load stopped: the oldest event not delivered yet, and how many of the
# undelivered had not even been fanned out (no delivery yet) — which of the two stages is behind
read -r backlog backlog_age undispatched <<<"$(psql_ -tAF' ' -c "SELECT count(*),
    coalesce(round(extract(epoch FROM clock_timestamp() - min(o.created_at))::numeric, 1), 0),
    count(*) FILTER (WHERE o.published_at IS NULL)
  FROM outbox_events o WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                                         WHERE d.event_id = o.event_id AND d.status = 'delivered')")"
cat "$BENCH_TMP/load.txt"
kill -0 "$APP_PID" 2>/dev/null || die "gateway died during the run"

# ---------------------------------------------------------------- drain with the CPUs to itself
log "draining $backlog events (at most ${DRAIN_TIMEOUT}s)"
reset_statements
read -r d0 dcommits0 _ <<<"$(snapshot)"
read -r dapp0 dpg0 drcv0 <<<"$(cpu)"
delivered_at_load_end=$(stat unique)
deadline=$((SECONDS + DRAIN_TIMEOUT))
last=-1 stable_since=$SECONDS drained_at=$(bench_now) drain_end=timeout
while ((SECONDS < deadline)); do
  unique=$(stat unique)
  if [[ "$unique" != "$last" ]]; then last=$unique stable_since=$SECONDS drained_at=$(bench_now); fi
  # payments still being answered when the load stopped add events after it: compare with the count now
  if ((unique >= $(psql_ -tAc "SELECT count(*) FROM outbox_events"))); then drain_end=complete; break; fi
  if ((SECONDS - stable_since >= 15)); then drain_end=stalled; break; fi
  sleep 0.5
done
read -r _ dcommits1 events_final <<<"$(snapshot)"
read -r dapp1 dpg1 drcv1 <<<"$(cpu)"
drain_statements=$(fanout_statements)
drain_s=$(awk -v a="$d0" -v b="$drained_at" 'BEGIN { printf "%.1f", b - a }')
final=$(stats)
series=$(curl -fsS -m 5 "$RECEIVER/series")

# ---------------------------------------------------------------- figures
read -r load_accepted load_seconds < <(sed -n 's/^PAYMENTS accepted=\([0-9]*\) seconds=\([0-9.]*\)$/\1 \2/p' \
  "$BENCH_TMP/load.txt")
summary=$(python3 - "$final" "$series" <<PY
import json, sys
final, series = json.loads(sys.argv[1]), {int(k): v for k, v in json.loads(sys.argv[2]).items()}
t0, t1 = $t0, $t1
window = t1 - t0
# whole seconds inside the window, so a partly covered second does not count as a full one
first, last = int(t0) + 1, int(t1)
delivered_rate = sum(series.get(s, 0) for s in range(first, last)) / max(1, last - first)
generated = $events1 - $events0
generated_rate = generated / window
payments_rate = ${load_accepted:-0} / max(0.001, ${load_seconds:-0})
backlog, drained = $backlog, final["unique"] - $delivered_at_load_end
drain_s = $drain_s
events_total, unique, received = $events_final, final["unique"], final["received"]
drain_end = "$drain_end"
# a drain cut short by its timeout proves nothing lost: what was left is reported, not counted as lost
lost = events_total - unique if drain_end != "timeout" else 0
left = events_total - unique
load_statements, drain_statements = $load_statements, $drain_statements
drain_commits = $dcommits1 - $dcommits0
ok = delivered_rate >= $TARGET and lost == 0
verdict = "WRONG" if lost > 0 else ("PASS" if ok else "SHORT")
stmts = "$statements" == "1"
print("==== OnPoint Pay bench: webhook fan-out while payments are taken ====")
print(f"receiver alone      {$receiver_ceiling} POSTs/s (wrk, 32 connections: the ceiling of the far end)")
print(f"payments            {payments_rate:.0f}/s accepted ({2 * payments_rate:.0f} events/s; $payments_how),"
      f" plus {$EVENT_RATE} injected events/s")
print(f"events generated    {generated_rate:.0f}/s during the load ({generated} in {window:.1f} s)")
print(f"events delivered    {delivered_rate:.0f}/s during the load: {delivered_rate / generated_rate:.2f} of generated,"
      f" {delivered_rate / $receiver_ceiling:.2f} of the receiver's ceiling")
print(f"backlog at load end {backlog} events ({$undispatched} not yet fanned out), the oldest {$backlog_age} s old")
if backlog > 0 and drain_s > 0:
    print(f"drain alone         {drained} events in {drain_s} s: {drained / drain_s:.0f} events/s with the CPUs to itself"
          + ("" if drain_end == "complete" else f" ({drain_end}: {left} not delivered when it ended)"))
if stmts:
    print(f"fan-out statements  {load_statements / max(1, generated):.3f} per event during the load"
          + (f", {drain_statements / max(1, drained):.3f} while draining" if drained > 0 else ""))
if drained > 0:
    print(f"commits (all)       {drain_commits / drained:.3f} per event while draining (the whole database, no payments)")
    tick_us = 1e6 / $(getconf CLK_TCK)
    app, pg, rcv = (($dapp1 - $dapp0) * tick_us / drained, ($dpg1 - $dpg0) * tick_us / drained,
                    ($drcv1 - $drcv0) * tick_us / drained)
    print(f"CPU per event       {app:.0f} us gateway + {pg:.0f} us PostgreSQL + {rcv:.0f} us receiver while draining")
tick_us = 1e6 / $(getconf CLK_TCK)
print(f"CPU during the load {($app1 - $app0) * tick_us / 1e6 / window:.2f} gateway + {($pg1 - $pg0) * tick_us / 1e6 / window:.2f}"
      f" PostgreSQL + {($rcv1 - $rcv0) * tick_us / 1e6 / window:.2f} receiver CPUs (of $(nproc))")
print(f"delivered           {unique} unique of {events_total} events, {received - unique} duplicates, "
      + (f"{lost} lost" if drain_end != "timeout" else f"{left} still queued when the drain timed out (not judged)"))
print(f"CPUs                $(nproc) (gateway, PostgreSQL, the load generator, receiver and injector share them)")
print(f"target              {$TARGET} events/s delivered during the load, none lost: {verdict}")
PY
)
printf '%s\n' "$summary"
[[ -z "$statement_profile" ]] || printf 'fan-out statements during the load, by time:\n%s\n' "$statement_profile"

mkdir -p "$OUT_DIR"
out_file="$OUT_DIR/fanout-$(date -u +%Y%m%dT%H%M%SZ).txt"
{ cat "$BENCH_TMP/load.txt"; printf '\n%s\n%s\n' "$summary" "$statement_profile"; } >"$out_file"
log "saved $out_file"

bench_ok
verdict=$(sed -n 's/^target .*: \([A-Z]*\)$/\1/p' <<<"$summary")
[[ "$verdict" != WRONG ]] || exit 4
if [[ "$verdict" == SHORT && "${BENCH_STRICT:-0}" == 1 ]]; then exit 3; fi
