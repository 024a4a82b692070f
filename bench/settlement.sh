#!/usr/bin/env bash
# The daily settlement at scale: 1,000,000 completed payments over 1,000 merchants (generated in SQL, posted to the
# ledger as the payment path posts them), settled through POST /admin/settlements/run, beside the bare SQL baseline
# of the same work (one INSERT … SELECT of the same lines plus the per-merchant GROUP BY). See bench/README.md.
#   bash bench/settlement.sh
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18000}
DB_PORT=${BENCH_DB_PORT:-15433}
JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar}
MERCHANTS=${BENCH_MERCHANTS:-1000}
PAYMENTS=${BENCH_PAYMENTS:-1000000}
TARGET_RATIO=${BENCH_TARGET_RATIO:-2}
TARGET_SECONDS=${BENCH_TARGET_SECONDS:-60}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}

log() { bench_log "$@"; }
die() { bench_die "$@"; }

bench_tools curl psql
bench_java
bench_build_if_missing "$JAR"
bench_ports_free "$PORT" "$DB_PORT"
bench_init settlement

# the daily schedule must not fire during the measurement: only the measured run settles
bench_gateway_start "$JAR" "$PORT" "$DB_PORT" SETTLEMENT_CRON="0 0 0 1 1 ? 2099"
URL=$APP_URL
app_pid=$APP_PID
tmp=$BENCH_TMP
gateway_env=("${BENCH_GATEWAY_ENV[@]}")

psql_() { bench_psql "$DB_PORT" "$@"; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- an admin
"${gateway_env[@]}" PORT=0 LOG_FILE="$tmp/cli.log" SCHEDULER_ENABLED=false \
  "$JAVA" -jar "$JAR" create-admin --email bench-admin@onpoint.test --password 'bench admin long phrase' \
  >"$tmp/cli.out" 2>&1 || { cat "$tmp/cli.out" >&2; die "create-admin failed"; }
token=$(curl -fsS -X POST "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"bench-admin@onpoint.test","password":"bench admin long phrase"}' \
  | sed -E 's/.*"access":"([^"]+)".*/\1/')
[[ -n "$token" ]] || die "admin login failed"

# ---------------------------------------------------------------- the day's payments, posted as the payment path posts
log "generating $PAYMENTS completed payments over $MERCHANTS merchants with their ledger postings"
started=$(now_ms)
psql_ <<SQL
-- one merchant in twenty is not KYC-approved and one in ten has no payout destination: both are held
INSERT INTO merchants (public_id, name, email, c2b_account, webhook_secret, kyc_status)
SELECT 'mch_bench_' || g, 'Bench ' || g, 'bench' || g || '@onpoint.test', 'BENCH' || g, 'whsec_' || md5(g::text),
       CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'approved' END
FROM generate_series(1, $MERCHANTS) g;
-- unreadable on purpose: the payout routes hold such a payout for review instead of sending it
INSERT INTO payout_destinations (merchant_id, type, details, display)
SELECT id, 'mpesa_phone', 'bench-not-encrypted', 'M-Pesa 2547•••••678' FROM merchants
WHERE public_id LIKE 'mch_bench_%' AND right(public_id, 1) <> '0';
INSERT INTO ledger_accounts (code, kind, merchant_id, provider, mode, currency, normal_side, may_go_negative,
                             balance_slots)
SELECT 'merchant:' || id || ':live:KES:pending', 'pending', id, NULL, 'live', 'KES', 'C', false, 1
FROM merchants WHERE public_id LIKE 'mch_bench_%'
UNION ALL SELECT 'platform:live:KES:fees', 'fees', NULL, NULL, 'live', 'KES', 'C', false, 16
UNION ALL SELECT 'provider:mpesa:live:KES:clearing', 'clearing', NULL, 'mpesa', 'live', 'KES', 'D', true, 16
ON CONFLICT (code) DO NOTHING;
CREATE TEMP TABLE bench_merchants AS
SELECT row_number() OVER (ORDER BY m.id) - 1 AS n, m.id, a.id AS pending_account
FROM merchants m JOIN ledger_accounts a ON a.merchant_id = m.id AND a.kind = 'pending'
WHERE m.public_id LIKE 'mch_bench_%';
-- KES 100–10,099, fee 1.5 % half up, completed yesterday (East Africa): settleable today at T+1
INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status,
                      amount_minor, currency, fee_minor, created_at, updated_at, completed_at, paid_at)
SELECT 'TXNBENCH' || lpad(g::text, 10, '0'), m.id, 'live', 'B-' || g, 'mpesa', 'mpesa', 'completed',
       (100 + g % 10000) * 100, 'KES', ((100 + g % 10000) * 100 * 150 + 5000) / 10000,
       now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
FROM generate_series(1, $PAYMENTS) g JOIN bench_merchants m ON m.n = g % $MERCHANTS;
INSERT INTO ledger_postings (kind, reference, merchant_id, mode, gross_minor, fee_minor, created_at)
SELECT 'payment.captured', reference, merchant_id, 'live', amount_minor, fee_minor, completed_at
FROM payments WHERE reference LIKE 'TXNBENCH%';
ANALYZE payments; ANALYZE ledger_postings;
-- the entries in slices, each posting whole within one statement (the ledger's trigger checks every statement)
DO \$\$
DECLARE lo BIGINT; hi BIGINT; step CONSTANT BIGINT := 100000; fees BIGINT; clearing BIGINT;
BEGIN
  SELECT id INTO fees FROM ledger_accounts WHERE code = 'platform:live:KES:fees';
  SELECT id INTO clearing FROM ledger_accounts WHERE code = 'provider:mpesa:live:KES:clearing';
  SELECT min(id), max(id) INTO lo, hi FROM ledger_postings WHERE reference LIKE 'TXNBENCH%';
  WHILE lo <= hi LOOP
    INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency, settle_on)
    SELECT p.id, x.account_id, x.amount, 'KES', x.settle_on
    FROM ledger_postings p JOIN bench_merchants m ON m.id = p.merchant_id
    CROSS JOIN LATERAL (VALUES (clearing, p.gross_minor, NULL::date),
                               (m.pending_account, -(p.gross_minor - p.fee_minor),
                                (now() AT TIME ZONE 'Africa/Nairobi')::date),
                               (fees, -p.fee_minor, NULL::date)) AS x (account_id, amount, settle_on)
    WHERE p.id BETWEEN lo AND lo + step - 1 AND p.reference LIKE 'TXNBENCH%' AND x.amount <> 0;
    lo := lo + step;
  END LOOP;
END
\$\$;
ANALYZE ledger_entries; ANALYZE ledger_balances; ANALYZE merchants; ANALYZE payout_destinations;
CHECKPOINT;
SQL
log "generated in $(( ($(now_ms) - started) / 1000 )) s"

# ---------------------------------------------------------------- baseline: the same lines and sums in bare SQL
today=$(TZ=Africa/Nairobi date +%F)
# read once so both runs start from warm pages
psql_ -c "SELECT count(*) FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id" >/dev/null
baseline_sql="
BEGIN;
-- stored as the lines are (a logged table with their primary key and index), not in a temp table
CREATE TABLE baseline_lines (LIKE settlement_lines INCLUDING INDEXES);
INSERT INTO baseline_lines (entry_id, settlement_id, kind, reference, gross_minor, fee_minor, net_minor, occurred_at)
SELECT e.id, a.merchant_id, p.kind, p.reference, p.gross_minor, COALESCE(p.fee_minor, 0), -e.amount_minor, p.created_at
FROM ledger_entries e
JOIN ledger_accounts a ON a.id = e.account_id AND a.kind IN ('pending', 'available')
JOIN ledger_postings p ON p.id = e.posting_id
WHERE e.settle_on <= DATE '$today' AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.entry_id = e.id);
SELECT settlement_id, count(*), sum(gross_minor), sum(fee_minor), sum(net_minor) FROM baseline_lines GROUP BY settlement_id;
ROLLBACK;"
log "baseline: INSERT … SELECT of the lines + per-merchant GROUP BY"
started=$(now_ms)
psql_ -c "$baseline_sql" >/dev/null
baseline_ms=$(( $(now_ms) - started ))

# ---------------------------------------------------------------- the settlement run, as an admin asks for it
log "settlement: POST /admin/settlements/run for $today"
started=$(now_ms)
answer=$(curl -fsS -m 600 -X POST "$URL/api/v1/admin/settlements/run" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d "{\"date\":\"$today\"}")
settlement_ms=$(( $(now_ms) - started ))
rss_kb=$(bench_proc_kb "$app_pid" VmHWM)

read -r settlements lines paying held <<<"$(psql_ -At -F ' ' -c "
SELECT count(*), COALESCE(sum(line_count), 0), count(*) FILTER (WHERE status = 'paying'), count(*) FILTER (WHERE status = 'held')
FROM settlements WHERE settlement_date = DATE '$today'")"
payouts=$(psql_ -At -c "SELECT count(*) FROM payouts p JOIN settlements s ON s.id = p.settlement_id WHERE s.settlement_date = DATE '$today'")

# ---------------------------------------------------------------- the ledger still holds
verify=$("${gateway_env[@]}" PORT=0 LOG_FILE="$tmp/cli.log" "$JAVA" -jar "$JAR" verify-ledger 2>&1 | tail -n 1)

ratio=$(awk -v s="$settlement_ms" -v b="$baseline_ms" 'BEGIN { printf "%.2f", s / (b > 0 ? b : 1) }')
verdict=PASS
awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { exit !(r <= t) }' || verdict=SHORT
((settlement_ms <= TARGET_SECONDS * 1000)) || verdict=SHORT
[[ "$lines" == "$PAYMENTS" ]] || verdict=WRONG

mkdir -p "$OUT_DIR"
report="$OUT_DIR/settlement-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "settlement of $today: $PAYMENTS payments over $MERCHANTS merchants"
  echo "  answer:            $answer"
  echo "  settlements:       $settlements ($paying paying with $payouts payouts queued, $held held)"
  echo "  lines:             $lines"
  echo "  baseline (SQL):    $baseline_ms ms"
  echo "  settlement run:    $settlement_ms ms (HTTP round trip, one transaction)"
  echo "  ratio:             $ratio (target <= $TARGET_RATIO, and <= ${TARGET_SECONDS}s)"
  echo "  gateway peak RSS:  $(bench_kb_to_mb "$rss_kb") MB"
  echo "  start to ready:    ${READY_S} s"
  echo "  verify-ledger:     $verify"
  echo "verdict: $verdict"
} | tee "$report"
bench_ok
[[ "$verdict" != WRONG ]] || exit 4
if [[ "$verdict" == SHORT && "${BENCH_STRICT:-0}" == 1 ]]; then exit 3; fi
