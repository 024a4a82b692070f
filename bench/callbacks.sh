#!/usr/bin/env bash
# M-Pesa STK callbacks at the database's speed: fires Daraja success callbacks for pending payments at the gateway as
# fast as it takes them, then runs pgbench on the same embedded PostgreSQL with the SQL those callbacks executed
# (read from pg_stat_statements, one transaction per callback, same statements in the same order, on payments of
# its own) for the same time with as many connections as the gateway's pool. Target: callbacks/s >= 0.6 x pgbench's
# transactions/s. See bench/README.md.
#   bash bench/callbacks.sh       (exit 0 PASS or SHORT, 3 SHORT with BENCH_STRICT=1, 4 not applied exactly once)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18200}
DB_PORT=${BENCH_DB_PORT:-15550}
JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar}
THREADS=${BENCH_THREADS:-2}
POOL=${BENCH_DB_POOL_SIZE:-24}
# enough to keep the gateway's pool busy; many more only queue for a connection (and past 5 s get a 503)
CONNECTIONS=${BENCH_CONNECTIONS:-$((POOL + 8))}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-10s}
WRK_TIMEOUT=${BENCH_TIMEOUT:-5s}
PGBENCH_THREADS=${BENCH_PGBENCH_THREADS:-2}
MAX_RATE=${BENCH_MAX_RATE:-3000}
PGBENCH_MAX_TPS=${BENCH_PGBENCH_MAX_TPS:-5000}
AMOUNT=${BENCH_AMOUNT:-100}
TARGET_RATIO=${BENCH_TARGET_RATIO:-0.6}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}
# idle backends report their commits to pg_stat_database up to 10 s late (PGSTAT_IDLE_INTERVAL)
STATS_SETTLE=${BENCH_STATS_SETTLE:-11}
# the Daraja simulator's "succeeds, never calls back" phone (StkScenario.NO_CALLBACK): pending until we call back
PHONE=254712345690
CALLBACK_PATH=/api/v1/payments/mpesa/callback/dev-callback-token
# CheckoutRequestIDs of the generated payments: the gateway's batch from GW_BASE + 1, pgbench's from PG_BASE + 1
GW_BASE=1000000000000000000
PG_BASE=2000000000000000000

log() { bench_log "$@"; }
die() { bench_die "$@"; }

seconds_of() { # 30s, 2m, 45 -> seconds
  case "$1" in
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
DURATION_S=$(seconds_of "$DURATION")
WARMUP_S=$(seconds_of "$WARMUP")
[[ "$DURATION_S" =~ ^[0-9]+$ && "$WARMUP_S" =~ ^[0-9]+$ ]] || die "BENCH_DURATION/BENCH_WARMUP: whole seconds or minutes"
WARM_N=$((MAX_RATE * WARMUP_S))
RUN_N=$((MAX_RATE * DURATION_S))
STRIDE=$(((PGBENCH_MAX_TPS * DURATION_S + POOL - 1) / POOL)) # payments per pgbench client
PG_N=$((STRIDE * POOL))

# BENCH_JFR=1: a flight recording of the measured run, with stacks deep enough for Tomcat + Spring + Camel
[[ "${BENCH_JFR:-0}" == 1 ]] && export BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -XX:FlightRecorderOptions:stackdepth=512"

bench_tools wrk curl psql pgbench
command -v python3 >/dev/null 2>&1 || die "python3 is needed (bench/callbacks_pgbench.py)"
bench_java
bench_build_if_missing "$JAR"
bench_ports_free "$PORT" "$DB_PORT"
bench_init callbacks
tmp=$BENCH_TMP

# The pending payments must stay pending until the bench calls back: no STK Query (reconciliation) for a day. The
# webhook fan-out is paused (its timer fires once at start, then after an hour): it is not the callback's work
# (bench/fanout.sh measures it), pgbench does not do it either, and its statements would mix with the callback's.
bench_gateway_start "$JAR" "$PORT" "$DB_PORT" EMBEDDED_DB_PRELOAD_LIBRARIES=pg_stat_statements \
  DB_POOL_SIZE="$POOL" RECONCILE_QUERY_AFTER=24h WEBHOOK_DISPATCH_PERIOD_MS=3600000 \
  RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_PER_MINUTE=100000000 LIMIT_DAILY_COUNT=100000000
bench_create_merchant

psql_() { bench_psql "$DB_PORT" "$@"; }
psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null \
  || die "pg_stat_statements is not loaded (the jar must support EMBEDDED_DB_PRELOAD_LIBRARIES)"

# ---------------------------------------------------------------- CPU accounting (/proc, clock ticks)
TICKS=$(getconf CLK_TCK)
jvm_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$APP_PID/stat"; }
postmaster_pid() { head -n1 "$tmp/pg/postmaster.pid"; }
# the postmaster and its live children, plus the children it has reaped (cutime/cstime): pgbench's backends exit
pg_ticks() {
  local pm child total
  pm=$(postmaster_pid)
  total=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pm/stat")
  for child in $(pgrep -P "$pm"); do
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
ms_per() { awk -v t="$1" -v n="$2" -v hz="$TICKS" 'BEGIN { printf "%.2f", (n > 0) ? t * 1000 / hz / n : 0 }'; }
commits() { psql_ -At -c "SELECT xact_commit || ' ' || xact_rollback FROM pg_stat_database WHERE datname = 'postgres'"; }

# ---------------------------------------------------------------- pending payments
# A few through the API (the Daraja simulator accepts the push and never calls back), then copies of the first in
# SQL: the callback reads, locks and updates only the payment row, so copies are as real as API-made ones, and
# they are made in seconds instead of minutes.
log "initiating template payments through the API (phone $PHONE: accepted, no callback)"
for i in 1 2 3; do
  status=$(curl -sS -o "$tmp/template-$i.json" -w '%{http_code}' -X POST "$APP_URL/api/v1/payments/initiate" \
    -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
    -d "{\"amount\":$AMOUNT,\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"$PHONE\",\"reference\":\"CB-TPL-$i\"}")
  [[ "$status" == 201 ]] || { cat "$tmp/template-$i.json" >&2; die "template payment: HTTP $status"; }
done
template=$(psql_ -At -c "SELECT id FROM payments WHERE merchant_reference = 'CB-TPL-1' AND status = 'pending'
  AND checkout_request_id IS NOT NULL AND merchant_request_id IS NOT NULL")
[[ -n "$template" ]] || die "the template payment is not pending with its provider ids"

log "copying it: $WARM_N (warm-up) + $RUN_N (run) pending payments for the gateway, $PG_N for pgbench"
clone() { # first_g last_g base
  psql_ -v first="$1" -v last="$2" -v base="$3" -v template="$template" <<'SQL'
SELECT format($f$INSERT INTO payments (reference, merchant_reference, checkout_request_id, merchant_request_id, %1$s)
    SELECT 'TXNB' || (%2$s + g), 'CB-' || (%2$s + g), (%2$s + g)::text, 'bench-' || (%2$s + g), %1$s
    FROM payments, generate_series(%3$s, %4$s) g WHERE id = %5$s$f$,
  string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position), :'base', :'first', :'last', :'template')
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'payments' AND is_generated = 'NEVER'
  AND identity_generation IS NULL
  AND column_name NOT IN ('id', 'reference', 'merchant_reference', 'checkout_request_id', 'merchant_request_id')
\gexec
SQL
}
clone 1 $((WARM_N + RUN_N)) "$GW_BASE"
clone 1 "$PG_N" "$PG_BASE"
psql_ -c "VACUUM ANALYZE payments" >/dev/null

# Daraja's success callback for each (Amount in KES, a receipt of its own, the TransactionDate of now in Nairobi)
bodies() { # first_g last_g file
  psql_ -At -v first="$1" -v last="$2" -v base="$GW_BASE" -v phone="$PHONE" >"$3" <<'SQL'
SELECT json_build_object('Body', json_build_object('stkCallback', json_build_object(
         'MerchantRequestID', p.merchant_request_id,
         'CheckoutRequestID', p.checkout_request_id,
         'ResultCode', 0,
         'ResultDesc', 'The service request is processed successfully.',
         'CallbackMetadata', json_build_object('Item', json_build_array(
           json_build_object('Name', 'Amount', 'Value', p.amount_minor / 100),
           json_build_object('Name', 'MpesaReceiptNumber', 'Value', 'BN' || lpad(g::text, 8, '0')),
           json_build_object('Name', 'Balance'),
           json_build_object('Name', 'TransactionDate',
                             'Value', to_char(now() AT TIME ZONE 'Africa/Nairobi', 'YYYYMMDDHH24MISS')::bigint),
           json_build_object('Name', 'PhoneNumber', 'Value', :'phone'::bigint))))))
FROM generate_series(:first::bigint, :last::bigint) g
JOIN payments p ON p.checkout_request_id = (:base::bigint + g)::text
ORDER BY g;
SQL
  [[ $(wc -l <"$3") -eq $(($2 - $1 + 1)) ]] || die "expected $(($2 - $1 + 1)) bodies in $3"
}
bodies 1 "$WARM_N" "$tmp/warmup.jsonl"
bodies $((WARM_N + 1)) $((WARM_N + RUN_N)) "$tmp/bodies.jsonl"

# ---------------------------------------------------------------- callbacks through the gateway
# First one callback for a payment the API made (ids from the simulator): the path works, and the ledger accounts
# the run posts to are opened.
read -r tpl_checkout tpl_merchant_request <<<"$(psql_ -At -F ' ' -c "SELECT checkout_request_id, merchant_request_id
  FROM payments WHERE merchant_reference = 'CB-TPL-2'")"
status=$(curl -sS -o "$tmp/first-callback.json" -w '%{http_code}' -X POST "$APP_URL$CALLBACK_PATH" \
  -H 'Content-Type: application/json' -d "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"$tpl_merchant_request\",
  \"CheckoutRequestID\":\"$tpl_checkout\",\"ResultCode\":0,\"ResultDesc\":\"The service request is processed successfully.\",
  \"CallbackMetadata\":{\"Item\":[{\"Name\":\"Amount\",\"Value\":$AMOUNT},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"BNTEMPLATE2\"},
  {\"Name\":\"Balance\"},{\"Name\":\"TransactionDate\",\"Value\":$(TZ=Africa/Nairobi date +%Y%m%d%H%M%S)},
  {\"Name\":\"PhoneNumber\",\"Value\":$PHONE}]}}}}")
[[ "$status" == 200 ]] || { cat "$tmp/first-callback.json" >&2; die "first callback: HTTP $status"; }
[[ $(psql_ -At -c "SELECT status FROM payments WHERE merchant_reference = 'CB-TPL-2'") == completed ]] \
  || die "the first callback did not complete its payment"

# BENCH_PENDING_SLOTS: an experiment, not the gateway's configuration: spreads the merchants' pending balances over
# that many rows (as the ledger does for fees and clearing), to show what the single balance row costs
if [[ -n "${BENCH_PENDING_SLOTS:-}" ]]; then
  log "experiment: merchants' pending balances over $BENCH_PENDING_SLOTS rows (ledger_accounts.balance_slots)"
  psql_ -c "UPDATE ledger_accounts SET balance_slots = $BENCH_PENDING_SLOTS WHERE kind = 'pending'" >/dev/null
fi

wrk_args=(-t"$THREADS" -c"$CONNECTIONS" --timeout "$WRK_TIMEOUT" --latency -s bench/callbacks.lua)
run_wrk() { # bodies duration output
  BENCH_BODIES="$1" BENCH_THREADS="$THREADS" BENCH_CALLBACK_PATH="$CALLBACK_PATH" \
    wrk "${wrk_args[@]}" -d"$2" "$APP_URL" >"$3" 2>&1 || { cat "$3" >&2; die "wrk failed"; }
  grep -q '^BENCH_RESULT ' "$3" || { cat "$3" >&2; die "no BENCH_RESULT line from wrk"; }
}
result_field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

log "warm-up $WARMUP"
run_wrk "$tmp/warmup.jsonl" "$WARMUP" "$tmp/warmup.txt"
warm=$(grep '^BENCH_RESULT ' "$tmp/warmup.txt")
log "warm-up: $(result_field "$warm" callbacks_per_s) callbacks/s, non-200 $(result_field "$warm" non200)"
[[ $(result_field "$warm" exhausted) == 0 ]] || log "warm-up: all $WARM_N callbacks sent before ${WARMUP}"

psql_ -c CHECKPOINT >/dev/null
sleep "$STATS_SETTLE"
psql_ -At -c "SELECT pg_stat_statements_reset()" >/dev/null
read -r commits0 rollbacks0 <<<"$(commits)"
jvm0=$(jvm_ticks) pg0=$(pg_ticks)
if [[ "${BENCH_JFR:-0}" == 1 ]]; then
  jcmd=$(dirname "$JAVA")/jcmd
  "$jcmd" "$APP_PID" JFR.start name=callbacks settings=profile filename="$tmp/callbacks.jfr" >/dev/null \
    || die "JFR.start failed"
fi

log "measuring $DURATION: $THREADS threads, $CONNECTIONS connections, gateway pool $POOL"
bench_rss_watch_start "$APP_PID" "$tmp/rss-peak"
run_wrk "$tmp/bodies.jsonl" "$DURATION" "$tmp/wrk.txt"
jvm1=$(jvm_ticks) pg1=$(pg_ticks)
peak_kb=$(bench_rss_watch_stop "$tmp/rss-peak")
cat "$tmp/wrk.txt"
kill -0 "$APP_PID" 2>/dev/null || die "gateway died during the run"
if [[ "${BENCH_JFR:-0}" == 1 ]]; then
  "$jcmd" "$APP_PID" JFR.stop name=callbacks >/dev/null || die "JFR.stop failed"
fi
run=$(grep '^BENCH_RESULT ' "$tmp/wrk.txt")
[[ $(result_field "$run" exhausted) == 0 ]] || die "the run ran out of callbacks: raise BENCH_MAX_RATE ($MAX_RATE)"
cps=$(result_field "$run" callbacks_per_s)
ok200=$(result_field "$run" ok)
sent=$(result_field "$run" sent)
non200=$(result_field "$run" non200)
p50=$(result_field "$run" p50_ms) p99=$(result_field "$run" p99_ms)
timeouts=$(result_field "$run" timeouts)

sleep "$STATS_SETTLE" # callbacks still in flight end; idle connections report their commits
read -r commits1 rollbacks1 <<<"$(commits)"

# ---------------------------------------------------------------- every callback applied exactly once
read -r completed pending_left postings events dup_events processed applied other_outcomes <<<"$(psql_ -At -F ' ' \
  -v lo=$((GW_BASE + WARM_N + 1)) -v hi=$((GW_BASE + WARM_N + RUN_N)) <<'SQL'
WITH batch AS (SELECT id, reference, checkout_request_id, status FROM payments
               WHERE merchant_reference LIKE 'CB-%' AND checkout_request_id ~ '^[0-9]+$'
                 AND checkout_request_id::numeric BETWEEN :lo AND :hi)
SELECT (SELECT count(*) FROM batch WHERE status = 'completed'),
       (SELECT count(*) FROM batch WHERE status = 'pending'),
       (SELECT count(*) FROM ledger_postings l JOIN batch b ON b.reference = l.reference),
       (SELECT count(*) FROM outbox_events o JOIN batch b ON b.reference = o.aggregate_reference
        WHERE o.event_type = 'payment.completed'),
       (SELECT count(*) FROM (SELECT o.aggregate_reference FROM outbox_events o
                              JOIN batch b ON b.reference = o.aggregate_reference
                              GROUP BY 1 HAVING count(*) > 1) d),
       (SELECT count(*) FROM processed_messages m JOIN batch b ON b.checkout_request_id = m.message_id
        WHERE m.processor = 'mpesa-stk-callback'),
       (SELECT count(*) FROM provider_callbacks c JOIN batch b ON b.checkout_request_id = c.correlation_id
        WHERE c.outcome = 'applied'),
       (SELECT count(*) FROM provider_callbacks c JOIN batch b ON b.checkout_request_id = c.correlation_id
        WHERE c.outcome <> 'applied')
SQL
)"
integrity=OK
problems=()
((completed >= ok200 && completed <= sent)) || problems+=("completed $completed not between 200s ($ok200) and sent ($sent)")
((completed + pending_left == RUN_N)) || problems+=("batch of $RUN_N: $completed completed + $pending_left pending")
((postings == completed)) || problems+=("$postings ledger postings for $completed completed")
((events == completed && dup_events == 0)) || problems+=("$events payment.completed events ($dup_events payments with several) for $completed")
((processed == completed)) || problems+=("$processed processed_messages for $completed")
((applied == completed && other_outcomes == 0)) || problems+=("$applied applied callbacks, $other_outcomes other outcomes")
((non200 == 0)) || problems+=("$non200 non-200 responses")
((${#problems[@]} == 0)) || integrity="FAILED: $(printf '%s; ' "${problems[@]}")"

# ---------------------------------------------------------------- what the callbacks executed
# Statements run at least once per two callbacks are the callback's (the fan-out is paused and the rest of the
# gateway is idle); their order is the order their entries appeared in pg_stat_statements after the reset: every
# callback runs them in the same order, so the first run of each comes after the first run of the one before.
stmt_filter="calls >= 0.5 * $completed AND query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW|SAVEPOINT|RELEASE)\\M'"
psql_ -At -F $'\t' >"$tmp/statements.tsv" -c "
  SELECT calls, round(calls::numeric / $completed, 2), round(mean_exec_time::numeric, 3),
         round(total_exec_time::numeric), regexp_replace(query, '\\s+', ' ', 'g')
  FROM pg_stat_statements WHERE $stmt_filter ORDER BY stats_since"
[[ -s "$tmp/statements.tsv" ]] || die "no statement ran once per callback (pg_stat_statements)"
read -r stmts_per_cb all_per_cb <<<"$(psql_ -At -F ' ' -c "
  SELECT round(sum(calls) FILTER (WHERE $stmt_filter)::numeric / $completed, 2),
         round(sum(calls)::numeric / $completed, 2) FROM pg_stat_statements")"
psql_ -At -F $'\t' >"$tmp/top.tsv" -c "
  SELECT calls, round(calls::numeric / $completed, 2), round(mean_exec_time::numeric, 3),
         round(total_exec_time::numeric), left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 10"
commits_per_cb=$(awk -v a="$commits0" -v b="$commits1" -v n="$completed" 'BEGIN { printf "%.2f", (b - a) / n }')
rollbacks=$((rollbacks1 - rollbacks0))

# ---------------------------------------------------------------- the same SQL through pgbench
# Constants the gateway bound, read back from one payment it completed in the run; the per-payment values (its
# CheckoutRequestID, id, reference, ...) come from pgbench's own pending payment in each transaction.
sample=$(psql_ -At -v lo=$((GW_BASE + WARM_N + 1)) -v hi=$((GW_BASE + WARM_N + RUN_N)) -v n="$completed" <<'SQL'
SELECT json_build_object(
  'statements', (SELECT json_agg(query ORDER BY stats_since) FROM pg_stat_statements
                 WHERE calls >= 0.5 * :n AND query !~* '^\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW|SAVEPOINT|RELEASE)\M'),
  'constants', (
    SELECT json_build_object(
      'processor', 'mpesa-stk-callback', 'status', 'completed', 'completing', 'true',
      'from_statuses', '{pending,processing}', 'fee', p.fee_minor, 'paid_phone', p.paid_phone,
      'paid_at', p.paid_at::text, 'posting_kind', l.kind, 'event_type', 'payment.completed',
      'event_payload', (SELECT payload::text FROM outbox_events WHERE aggregate_reference = p.reference
                        AND event_type = 'payment.completed'),
      'provider', c.provider, 'callback_kind', c.kind, 'outcome', c.outcome, 'note', c.note,
      'source_ip', c.source_ip, 'callback_payload', c.payload, 'callback_payload_length', c.payload_length,
      'entry_count', (SELECT count(*) FROM ledger_entries WHERE posting_id = l.id))::jsonb
      || (SELECT jsonb_object_agg(format('entry%s_%s', n, k), v) FROM (
            SELECT row_number() OVER (ORDER BY e.id) AS n, e.* FROM ledger_entries e WHERE e.posting_id = l.id) e,
          LATERAL (VALUES ('account', e.account_id::text), ('amount', e.amount_minor::text),
                          ('currency', e.currency::text), ('settle_on', e.settle_on::text)) AS x (k, v))
    FROM payments p
    JOIN ledger_postings l ON l.reference = p.reference
    JOIN provider_callbacks c ON c.correlation_id = p.checkout_request_id AND c.outcome = 'applied'
    WHERE p.status = 'completed' AND p.merchant_reference LIKE 'CB-%' AND p.checkout_request_id ~ '^[0-9]+$'
      AND p.checkout_request_id::numeric BETWEEN :lo AND :hi
    ORDER BY p.id LIMIT 1));
SQL
)
printf '%s\n' "$sample" >"$tmp/pgbench-input.json"
python3 bench/callbacks_pgbench.py "$tmp/pgbench.sql" "$tmp/pgbench.defines" <"$tmp/pgbench-input.json" \
  || die "could not build the pgbench script"
mapfile -d '' defines <"$tmp/pgbench.defines"

psql_ -c CHECKPOINT >/dev/null
psql_ -At -c "SELECT pg_stat_statements_reset()" >/dev/null
read -r pg_commits0 pg_rollbacks0 <<<"$(commits)"
pg_cpu0=$(pg_ticks) jvm_idle0=$(jvm_ticks)
log "pgbench $DURATION: $POOL clients (the gateway's pool), $PGBENCH_THREADS threads, script $tmp/pgbench.sql"
pgbench_rc=0
PGCONNECT_TIMEOUT=10 pgbench -n -M prepared -r -h 127.0.0.1 -p "$DB_PORT" -U postgres \
  -c "$POOL" -j "$PGBENCH_THREADS" -T "$DURATION_S" -l --log-prefix="$tmp/pgbench-log" \
  -D k=0 -D co_base="$PG_BASE" -D stride="$STRIDE" "${defines[@]}" -f "$tmp/pgbench.sql" postgres \
  >"$tmp/pgbench.txt" 2>&1 || pgbench_rc=$?
pg_cpu1=$(pg_ticks) jvm_idle1=$(jvm_ticks)
cat "$tmp/pgbench.txt"
# a client past its STRIDE payments takes the next client's (already completed) ones: its run does not count
most_per_client=$(cat "$tmp"/pgbench-log.* | awk '$2 + 1 > m { m = $2 + 1 } END { print m + 0 }')
((most_per_client < STRIDE)) \
  || die "a pgbench client used up its $STRIDE pending payments: raise BENCH_PGBENCH_MAX_TPS ($PGBENCH_MAX_TPS)"
if ((pgbench_rc != 0)) || grep -q 'aborted' "$tmp/pgbench.txt"; then
  die "pgbench failed (exit $pgbench_rc)"
fi
tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$tmp/pgbench.txt")
pg_txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$tmp/pgbench.txt")
[[ -n "$tps" && -n "$pg_txns" ]] || die "no tps in pgbench's output"
read -r pg_p50 pg_p99 <<<"$(cat "$tmp"/pgbench-log.* | awk '{ print $3 }' | sort -n \
  | awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[int(NR * 0.5) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000 }')"
read -r pg_done pg_posted <<<"$(psql_ -At -F ' ' -v lo=$((PG_BASE + 1)) -v hi=$((PG_BASE + PG_N)) <<'SQL'
SELECT count(*), count(l.id) FROM payments p LEFT JOIN ledger_postings l ON l.reference = p.reference
WHERE p.status = 'completed' AND p.checkout_request_id ~ '^[0-9]+$' AND p.checkout_request_id::numeric BETWEEN :lo AND :hi
SQL
)"
read -r pg_stmts_per_txn <<<"$(psql_ -At -c "
  SELECT round(sum(calls)::numeric / $pg_txns, 2) FROM pg_stat_statements
  WHERE query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW|SAVEPOINT|RELEASE)\\M' AND calls >= 0.5 * $pg_txns")"
sleep 1
read -r pg_commits1 pg_rollbacks1 <<<"$(commits)"
# transactions cut by -T's end are rolled back, not counted as processed; anything else is a broken script
((pg_done == pg_posted && pg_done >= pg_txns && pg_done <= pg_txns + POOL)) \
  || integrity="FAILED: pgbench processed $pg_txns transactions, $pg_done payments completed, $pg_posted posted"
pg_commits_per_txn=$(awk -v a="$pg_commits0" -v b="$pg_commits1" -v n="$pg_txns" 'BEGIN { printf "%.2f", (b - a) / n }')
psql_ -At -F $'\t' >"$tmp/pg-statements.tsv" -c "
  SELECT calls, round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
  FROM pg_stat_statements WHERE calls >= 0.5 * $pg_txns AND query !~* '^\\s*(BEGIN|COMMIT)\\M'
  ORDER BY stats_since"

# ---------------------------------------------------------------- summary
ratio=$(awk -v a="$cps" -v b="$tps" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
verdict=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r + 0 >= t + 0) ? "PASS" : "SHORT" }')
[[ "$integrity" == OK ]] || verdict="FAILED"
measured_s=$(result_field "$run" duration_s)
summary=$(
  cat <<EOF
==== OnPoint Pay bench: M-Pesa STK callbacks against pgbench of the same SQL ====
callbacks/s (200)        $cps   ($ok200 in ${measured_s}s; $sent sent, $completed applied; non-200 $non200, timeouts $timeouts)
callback latency         p50 $p50 ms   p99 $p99 ms   ($CONNECTIONS connections, gateway pool $POOL)
pgbench tps              $tps   ($pg_txns in ${DURATION_S}s, $POOL clients; latency p50 $pg_p50 ms  p99 $pg_p99 ms)
ratio                    $ratio   (target >= $TARGET_RATIO): $verdict
SQL per callback         $stmts_per_cb statements (+ BEGIN; $all_per_cb with everything else the server ran), $commits_per_cb commits, $rollbacks rollbacks
SQL per pgbench txn      $pg_stmts_per_txn statements, $pg_commits_per_txn commits, $((pg_rollbacks1 - pg_rollbacks0)) rollbacks ($pg_done payments completed)
CPU per callback         gateway JVM $(ms_per $((jvm1 - jvm0)) "$completed") ms, PostgreSQL $(ms_per $((pg1 - pg0)) "$completed") ms
CPU per pgbench txn      PostgreSQL $(ms_per $((pg_cpu1 - pg_cpu0)) "$pg_txns") ms (idle gateway JVM meanwhile $(ms_per $((jvm_idle1 - jvm_idle0)) 1) ms in all)
exactly once             $integrity ($completed completed: $postings postings, $events completion events, $processed dedupe rows, $applied applied records)
peak RSS                 $(bench_kb_to_mb "$peak_kb") MB (gateway JVM, -Xmx${BENCH_HEAP:-1g}); start to ready ${READY_S}s
CPUs                     $(nproc), shared by the gateway, PostgreSQL, wrk and pgbench (load average $(cut -d' ' -f1-3 /proc/loadavg))

the callback's statements, in order (calls, per callback, mean ms, total ms):
$(awk -F '\t' '{ printf "  %8d %5s %8s %7s  %s\n", $1, $2, $3, $4, substr($5, 1, 110) }' "$tmp/statements.tsv")
the same statements under pgbench (calls, mean ms):
$(awk -F '\t' '{ printf "  %8d %8s  %s\n", $1, $2, $3 }' "$tmp/pg-statements.tsv")
top statements of the callback run by total time (calls, per callback, mean ms, total ms):
$(awk -F '\t' '{ printf "  %8d %5s %8s %7s  %s\n", $1, $2, $3, $4, $5 }' "$tmp/top.tsv")
EOF
)
printf '\n%s\n' "$summary"

mkdir -p "$OUT_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out_file="$OUT_DIR/callbacks-$stamp.txt"
{
  cat "$tmp/wrk.txt"
  printf '\n'
  cat "$tmp/pgbench.txt"
  printf '\n%s\n\npgbench script:\n' "$summary"
  cat "$tmp/pgbench.sql"
} >"$out_file"
if [[ "${BENCH_JFR:-0}" == 1 ]]; then
  cp "$tmp/callbacks.jfr" "$OUT_DIR/callbacks-$stamp.jfr"
  "$(dirname "$JAVA")/jfr" print --json --stack-depth 512 --events jdk.ExecutionSample "$tmp/callbacks.jfr" \
    | python3 bench/jfr_hotspots.py >"$OUT_DIR/callbacks-$stamp-hotspots.txt" || true
  cat "$OUT_DIR/callbacks-$stamp-hotspots.txt"
  log "JFR recording $OUT_DIR/callbacks-$stamp.jfr, hotspots in $OUT_DIR/callbacks-$stamp-hotspots.txt"
fi
log "saved $out_file"

if [[ "$verdict" == FAILED ]]; then
  log "ERROR: not applied exactly once: $integrity"
  exit 4 # as settlement.sh's WRONG, so that a driver (ab.sh) tells it from a failed run
fi
bench_ok
if [[ "${BENCH_STRICT:-0}" == 1 && "$verdict" != PASS ]]; then
  exit 3
fi
