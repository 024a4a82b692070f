#!/usr/bin/env bash
# The archive command beside live traffic (issue 15): 1,000,000 ended payments generated in SQL with their events,
# webhook deliveries and attempts, STK callbacks and refunds (bench/sql/dashboard_*.sql, spread over BENCH_DAYS days
# before today), then bench/initiate.lua's load (wrk, the saturation of bench/initiate.sh) in three windows: before
# the archive (the baseline), during `archive --before <yesterday>`, and after it. Prints payments/s and p50/p99 of
# each window, the ratio during ÷ before, and the archive's duration, payments/s and rows/s. See bench/README.md
# ("archive.sh").
#   bash bench/archive.sh
#   BENCH_PAYMENTS=50000 BENCH_DURATION=8s BENCH_WARMUP=3s bash bench/archive.sh     # a short validation run
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18900}
DB_PORT=${BENCH_DB_PORT:-15900}
SIM_PORT=${BENCH_SIM_PORT:-18902}
JAR=${BENCH_JAR:-app/target/onpoint-pay.jar}
PAYMENTS=${BENCH_PAYMENTS:-1000000}
DAYS=${BENCH_DAYS:-730}
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
BATCH=${BENCH_BATCH:-1000}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-8} # 32 initiate faster than 2 CPUs complete: the backlog, not the archive, then rules
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-120s} # the JIT on 2 CPUs: 35 payments/s in the first 10 s, 110 in the next 30, 220 later
WRK_TIMEOUT=${BENCH_TIMEOUT:-5s}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}

log() { bench_log "$@"; }
die() { bench_die "$@"; }
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^-?[0-9.]+$/ || b !~ /^-?[0-9.]+$/ || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

bench_tools wrk curl psql unzip
bench_java
bench_build_if_missing "$JAR"
bench_ports_free "$PORT" "$DB_PORT" "$SIM_PORT"
bench_init archive
report=$BENCH_TMP/report.txt
: >"$report"
say() { printf '%s\n' "$@" | tee -a "$report"; }
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- simulators, gateway, merchant (as initiate.sh)
bench_simulators_start "$SIM_PORT"
bench_gateway_start "$JAR" "$PORT" "$DB_PORT" RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_PER_MINUTE=100000000 \
  LIMIT_DAILY_COUNT=100000000 SIM_DARAJA_CALLBACK_DELAY=0s SIM_DARAJA_CANCEL_DELAY=0s SIMULATOR_ENABLED=false \
  MPESA_ENV=simulator MPESA_BASE_URL="$SIM_URL/sim/daraja" PAYSTACK_BASE_URL="$SIM_URL/sim/paystack" \
  FLUTTERWAVE_BASE_URL="$SIM_URL/sim/flutterwave"
URL=$APP_URL
bench_create_merchant
psql_() { bench_psql "$DB_PORT" "$@"; }
sql_value() { psql_ -At -c "$1"; }
merchant=$(sql_value "SELECT id FROM merchants WHERE email = 'bench@onpoint.test'")

# ---------------------------------------------------------------- the data: ended payments before today
# dashboard_fill.sql spreads the payments over BENCH_DAYS days up to now (the last 10 minutes pending, the last
# minute's deliveries still pending): everything before yesterday is ended, settled (no ledger in this data) and
# delivered, so `archive --before yesterday` moves all but the last day's share.
log "generating $PAYMENTS payments over $DAYS days for merchant $merchant"
fill_started=$(bench_now)
bench_psql_file "$DB_PORT" bench/sql/dashboard_customers.sql merchant="$merchant" customers="$CUSTOMERS"
bench_cli re-encrypt >"$BENCH_TMP/re-encrypt.out" || {
  cat "$BENCH_TMP/cli.err" >&2
  die "re-encrypt failed"
}
bench_psql_file "$DB_PORT" bench/sql/dashboard_fill.sql merchant="$merchant" payments="$PAYMENTS" days="$DAYS" \
  customers="$CUSTOMERS" audit=0 webhook_url=https://shop.example/onpoint/webhooks \
  last4_col=', phone_last4' last4_val=', c.last4'
# The generated deliveries went to a made-up endpoint (shop.example); the load's own payments must not: a 20-minute load
# would pile up retries to an unreachable host, growing the gateway's work window by window (the first million-payment
# run lost 84 % of its throughput that way, after the archive had ended). The load then costs the same in every window.
psql_ -c "UPDATE merchants SET webhook_url = NULL WHERE id = $merchant"
psql_ -c "VACUUM (ANALYZE) payments, outbox_events, webhook_deliveries, webhook_attempts, provider_callbacks, refunds" \
  -c CHECKPOINT
FILL_S=$(bench_since "$fill_started")
BEFORE=$(TZ=Africa/Nairobi date -d yesterday +%F)
OLD=$(sql_value "SELECT count(*) FROM payments WHERE created_at < '$BEFORE 00:00:00+03'")
ROWS_BEFORE=$(sql_value "SELECT (SELECT count(*) FROM payments) + (SELECT count(*) FROM outbox_events)
  + (SELECT count(*) FROM webhook_deliveries) + (SELECT count(*) FROM webhook_attempts)
  + (SELECT count(*) FROM provider_callbacks) + (SELECT count(*) FROM refunds)")
log "data ready after $FILL_S s: $OLD payments created before $BEFORE, $ROWS_BEFORE rows in the tables that move"

# ---------------------------------------------------------------- the load
# run_wrk TAG DURATION: initiate.lua (every request a new payment); W_* from its BENCH_RESULT line.
run_wrk() {
  local tag=$1 out=$BENCH_TMP/wrk-$1.txt rc=0 result
  BENCH_API_KEY="$API_KEY" BENCH_RUN="$tag" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout "$WRK_TIMEOUT" \
    --latency -s bench/initiate.lua "$URL" >"$out" 2>&1 &
  WRK_PID=$!
  BENCH_CHILDREN+=("$WRK_PID")
  if [[ "${3:-}" == background ]]; then return 0; fi
  wrk_result "$tag"
}
wrk_result() { # TAG: waits for the wrk of TAG
  local out=$BENCH_TMP/wrk-$1.txt rc=0 result
  wait "$WRK_PID" || rc=$?
  ((rc == 0)) || {
    cat "$out" >&2
    die "wrk ($1) exited with $rc"
  }
  kill -0 "$APP_PID" 2>/dev/null || die "gateway died during the $1 window"
  result=$(grep '^BENCH_RESULT ' "$out" | tail -n1)
  [[ -n "$result" ]] || die "no BENCH_RESULT line in $out"
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
  W_PPS=$(field payments_per_s) W_P50=$(field p50_ms) W_P99=$(field p99_ms) W_5XX=$(field s5xx)
  W_SECS=$(field duration_s)
  # the load's payments still waiting for their callback: a count that grows window by window means the load is
  # above what the gateway completes, and its backlog (callbacks, STK Queries) weighs on the next window
  W_PENDING=$(sql_value "SELECT count(*) FROM payments WHERE status = 'pending' AND merchant_reference LIKE 'BENCH-%'")
}

log "warm-up $WARMUP"
run_wrk warmup "$WARMUP"
log "before the archive: $DURATION"
run_wrk before "$DURATION"
B_PPS=$W_PPS B_P50=$W_P50 B_P99=$W_P99 B_5XX=$W_5XX B_PENDING=$W_PENDING

# during: the load starts with the archive's first batch (not with its JVM's start) and stops when it ends
log "archive --before $BEFORE --batch-size $BATCH, under load"
bench_cli archive --before "$BEFORE" --batch-size "$BATCH" >"$BENCH_TMP/archive.out" &
ARCHIVE_PID=$!
BENCH_CHILDREN+=("$ARCHIVE_PID")
until grep -q '^batch ' "$BENCH_TMP/archive.out" 2>/dev/null || ! kill -0 "$ARCHIVE_PID" 2>/dev/null; do sleep 0.05; done
run_wrk during 3600s background
archive_rc=0
wait "$ARCHIVE_PID" || archive_rc=$?
kill -INT "$WRK_PID" 2>/dev/null || true
wrk_result during
((archive_rc == 0)) || {
  cat "$BENCH_TMP/archive.out" "$BENCH_TMP/cli.err" >&2
  die "archive exited with $archive_rc"
}
D_PPS=$W_PPS D_P50=$W_P50 D_P99=$W_P99 D_5XX=$W_5XX D_SECS=$W_SECS D_PENDING=$W_PENDING
summary=$(grep -A20 '^Archived ' "$BENCH_TMP/archive.out")
ARCHIVED=$(sed -n 's/^Archived \([0-9]*\) payments.*/\1/p' <<<"$summary")
ARCHIVE_S=$(sed -n 's/.* in [0-9]* batches of up to [0-9]*, \([0-9.]*\) s .*/\1/p' <<<"$summary")
DEPENDENTS=$(sed -n 's/^  with \([0-9]*\) .*/\1/p' <<<"$summary" | awk '{ s += $1 } END { print s + 0 }')
log "after the archive: $DURATION"
run_wrk after "$DURATION"
A_PPS=$W_PPS A_P50=$W_P50 A_P99=$W_P99 A_5XX=$W_5XX A_PENDING=$W_PENDING

# ---------------------------------------------------------------- checks
LEFT_OLD=$(sql_value "SELECT count(*) FROM payments WHERE created_at < '$BEFORE 00:00:00+03'")
IN_ARCHIVE=$(sql_value "SELECT count(*) FROM archive_payments")
LOAD_LOST=$(sql_value "SELECT count(*) FROM archive_payments WHERE merchant_reference LIKE 'BENCH-%'")
[[ "$IN_ARCHIVE" == "$ARCHIVED" ]] || die "the archive says $ARCHIVED payments moved, archive_payments has $IN_ARCHIVE"
[[ "$LOAD_LOST" == 0 ]] || die "$LOAD_LOST payments of the load were archived"
# a rerun finds nothing (and prints so)
bench_cli archive --before "$BEFORE" --batch-size "$BATCH" >"$BENCH_TMP/rerun.out" || die "the rerun failed"
RERUN=$(sed -n 's/^Archived \([0-9]*\) payments.*/\1/p' "$BENCH_TMP/rerun.out")

# ---------------------------------------------------------------- report
say "" "== bench/archive.sh: archive --before $BEFORE (batch $BATCH) under initiate load" \
  "payments generated: $PAYMENTS over $DAYS days ($OLD before $BEFORE; $ROWS_BEFORE rows in the tables that move), fill $FILL_S s" \
  "load: wrk -t$THREADS -c$CONNECTIONS bench/initiate.lua; windows of $DURATION before and after, the archive's length during" \
  "" "window     payments/s   p50 ms   p99 ms   5xx   pending at its end"
printf '%-9s %11s %8s %8s %5s %9s\n' before "$B_PPS" "$B_P50" "$B_P99" "$B_5XX" "$B_PENDING" \
  during "$D_PPS" "$D_P50" "$D_P99" "$D_5XX" "$D_PENDING" after "$A_PPS" "$A_P50" "$A_P99" "$A_5XX" "$A_PENDING" |
  tee -a "$report"
ROWS_MOVED=$((ARCHIVED + DEPENDENTS))
say "" "throughput during ÷ before: $(ratio "$D_PPS" "$B_PPS") (after ÷ before: $(ratio "$A_PPS" "$B_PPS"))" \
  "p99 during ÷ before:        $(ratio "$D_P99" "$B_P99")" \
  "archive: $ARCHIVED payments and $DEPENDENTS dependent rows in $ARCHIVE_S s (load window ${D_SECS} s):" \
  "  $(awk -v n="$ARCHIVED" -v s="$ARCHIVE_S" 'BEGIN { printf "%.0f", n / s }') payments/s, $(awk -v n="$ROWS_MOVED" -v s="$ARCHIVE_S" 'BEGIN { printf "%.0f", n / s }') rows/s" \
  "left live from before $BEFORE: $LEFT_OLD; payments of the load archived: $LOAD_LOST; a rerun moved ${RERUN:-?}" \
  "load average: $load_at_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at the end" "" \
  "the archive command's output (first batches, last batch, summary):"
awk '/^batch / { if (++n <= 2) print; else last = $0; next }
     { if (last != "") { print "..."; print last; last = "" } print }' "$BENCH_TMP/archive.out" | tee -a "$report"
say ""
mkdir -p "$OUT_DIR"
cp "$report" "$OUT_DIR/archive-$(date +%Y%m%d-%H%M%S).txt"
bench_ok
