#!/usr/bin/env bash
# The dashboard's reads at scale (issue 14, "Speed"): one merchant with 1,000,000 payments over 90 days (generated in
# SQL with their events, webhook deliveries, callbacks, refunds and audit records), then each read the pages make
# timed over HTTP (p50/p95, requests/s) beside the same statement run bare by pgbench on the same database (the
# baseline: the ratio is the application's overhead). Target: p95 <= 200 ms. See bench/README.md ("dashboard.sh").
#   bash bench/dashboard.sh
#   BENCH_ROWS='list|filter' BENCH_DURATION=8s bash bench/dashboard.sh     # some rows only
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18500}
DB_PORT=${BENCH_DB_PORT:-15500}
JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar}
PAYMENTS=${BENCH_PAYMENTS:-1000000}
DAYS=${BENCH_DAYS:-90}
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
AUDIT=${BENCH_AUDIT:-50000}
MODE=${BENCH_MODE:-live}
PAGE=${BENCH_PAGE_SIZE:-20}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNECTIONS=${BENCH_CONNECTIONS:-4}
THREADS=${BENCH_THREADS:-2}
TIMEOUT=${BENCH_TIMEOUT:-10s}
TARGET_P95=${BENCH_TARGET_P95_MS:-200}
ROWS=${BENCH_ROWS:-.}
PHASES=${BENCH_PHASES:-reads inserts}
INSERT_DURATION=${BENCH_INSERT_DURATION:-20s}
BASELINE=${BENCH_BASELINE:-v20} # v19: the baselines as builds before V20 ran them (list by id, GROUPING SETS summary)
OUT_DIR=${BENCH_OUT_DIR:-bench/out}
EMAIL=owner@dashboard.bench.test
PASSWORD='bench dashboard long phrase'

log() { bench_log "$@"; }
die() { bench_die "$@"; }
seconds() { sed -E 's/s$//' <<<"$1"; } # wrk durations (10s) as pgbench's -T

bench_tools curl psql pgbench wrk
bench_java
bench_build_if_missing "$JAR"
bench_ports_free "$PORT" "$DB_PORT"
bench_init dashboard
tmp=$BENCH_TMP
mkdir -p "$tmp/sql" "$tmp/pgbench"

# access tokens outlive the run; one client may send as fast as it likes (the limits still run)
# (the dashboard's session cookie over plain http, as a browser on localhost gets it)
bench_gateway_start "$JAR" "$PORT" "$DB_PORT" ACCESS_TOKEN_TTL=6h RATE_LIMIT_PER_SECOND=1000000 \
  RATE_LIMIT_PER_MINUTE=100000000 DASHBOARD_IDLE_TIMEOUT=6h DASHBOARD_SECURE_COOKIE=false
URL=$APP_URL
psql_() { bench_psql "$DB_PORT" "$@"; }
sql_value() { psql_ -At -c "$1"; }

# ---------------------------------------------------------------- the merchant, its owner and a key, through the API
bench_register_owner "$EMAIL" "$PASSWORD" "Dashboard Bench"
merchant=$(sql_value "SELECT id FROM merchants WHERE public_id = '$MERCHANT_PUBLIC_ID'")
key_answer=$(curl -fsS -X POST "$URL/api/v1/merchants/me/api-keys" -H "Authorization: Bearer $OWNER_ACCESS" \
  -H 'Content-Type: application/json' \
  -d '{"name":"bench","mode":"test","scopes":["payments:read","webhooks:manage"]}') || die "key creation failed"
API_KEY=$(sed -E 's/.*"key":"([^"]+)".*/\1/' <<<"$key_answer")
[[ "$API_KEY" == sk_test_* ]] || die "unexpected answer to POST /api/v1/merchants/me/api-keys: $key_answer"

# ---------------------------------------------------------------- the data
if psql_ -At -c "SELECT 1 FROM information_schema.columns WHERE table_name = 'payments'
                 AND column_name = 'phone_last4'" | grep -q 1; then
  HAS_LAST4=1 last4=(last4_col=', phone_last4' last4_val=', c.last4')
else
  HAS_LAST4=0 last4=(last4_col= last4_val=)
  log "this build has no payments.phone_last4: the search by a phone's last digits is timed as unsupported"
fi
log "generating $PAYMENTS payments over $DAYS days for merchant $merchant ($CUSTOMERS customers)"
fill_started=$(bench_now)
bench_psql_file "$DB_PORT" bench/sql/dashboard_customers.sql merchant="$merchant" customers="$CUSTOMERS"
started=$(bench_now)
bench_cli re-encrypt >"$tmp/re-encrypt.out" || {
  cat "$tmp/cli.err" >&2
  die "re-encrypt failed"
}
log "re-encrypt (the customers' phones and emails, by the application's cipher): $(bench_since "$started") s"
bench_psql_file "$DB_PORT" bench/sql/dashboard_fill.sql merchant="$merchant" payments="$PAYMENTS" days="$DAYS" \
  customers="$CUSTOMERS" audit="$AUDIT" webhook_url=https://shop.example/onpoint/webhooks "${last4[@]}"
started=$(bench_now)
# autovacuum would get there on its own: the visibility map and hint bits of a table that is not being loaded
psql_ -c "VACUUM (ANALYZE) payments, outbox_events, webhook_deliveries, webhook_attempts, provider_callbacks,
                           refunds, audit_logs" -c CHECKPOINT
log "VACUUM (ANALYZE): $(bench_since "$started") s"
FILL_S=$(bench_since "$fill_started")
log "data ready after $FILL_S s"
sizes=$(psql_ -At -F ' ' -c "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid))
  FROM pg_stat_user_tables WHERE relname IN ('payments', 'outbox_events', 'webhook_deliveries', 'webhook_attempts',
  'provider_callbacks', 'refunds', 'audit_logs') ORDER BY relname")

# ---------------------------------------------------------------- what the rows look for
day() { TZ=Africa/Nairobi date -d "$1" +%F; }
start_of() { echo "$1 00:00:00+03"; } # East Africa Time has no daylight saving
TODAY=$(day today)
TOMORROW=$(day tomorrow)
D1=$(day yesterday)
D29=$(day '29 days ago')
PAST=$((DAYS / 2)) # a past week of the history: 45 to 39 days ago for 90 days
D45=$(day "$PAST days ago")
D39=$(day "$((PAST - 6)) days ago")
D38=$(day "$((PAST - 7)) days ago")
cursor_of() { printf 'p%s' "$1" | base64 | tr '+/' '-_' | tr -d '=\n'; } # PaymentQueries' cursor
read -r deep_id < <(sql_value "SELECT id FROM payments WHERE merchant_id = $merchant AND mode = '$MODE'
  ORDER BY created_at DESC, id DESC OFFSET (SELECT count(*) / 2 FROM payments WHERE merchant_id = $merchant
  AND mode = '$MODE') LIMIT 1")
DEEP_CURSOR=$(cursor_of "$deep_id")
# a completed M-Pesa payment of that week (40 days ago for 90 days) and its customer
IFS='|' read -r ref mref receipt phone_hash sample_id < <(sql_value "SELECT reference, merchant_reference,
  provider_receipt, encode(phone_hash, 'hex'), id FROM payments WHERE merchant_id = $merchant AND mode = '$MODE'
  AND status = 'completed' AND payment_method = 'mpesa' AND created_at < now() - interval '$((PAST - 5)) days'
  ORDER BY created_at DESC LIMIT 1") || true
[[ -n "$ref" ]] || die "no sample payment found"
# its customer's number, as the generator chose it (ORD-<row>, customer 1 + hash(row + 17) mod customers, whose
# number is 2547 + (n * 7919 mod 10^8)): the payments list shows it decrypted, which checks the search found it
customer=$(sql_value "SELECT 1 + abs(hashint4(substr('$mref', 5)::int + 17)::bigint) % $CUSTOMERS")
phone=$(printf '2547%08d' $(((customer * 7919) % 100000000)))
LAST4=${phone: -4}

# ---------------------------------------------------------------- the reads: the table
# row NAME KIND PATH BASELINE [EXPECT]
#   KIND    api: the JSON API with the owner's access token in $MODE (X-OnPoint-Mode); key: the test key;
#           page: a dashboard page with the session cookie (skipped while /dashboard/login does not exist);
#           sql: only the bare SQL (what a page will add, no HTTP twin yet)
#   PATH    the URL path and query
#   BASELINE  the statement(s) the read runs, for pgbench (-M prepared; :m, :mode, ... are bound as parameters as
#           the JDBC driver binds them); "-" for none
#   EXPECT  text the answer must contain, else the build does not support the read (not timed)
NAMES=() KINDS=() PATHS=() BASELINES=() EXPECTS=()
row() {
  NAMES+=("$1") KINDS+=("$2") PATHS+=("$3") BASELINES+=("$4") EXPECTS+=("${5:-}")
}

# PaymentSummaries.summarise: the days before today from the rollup (PaymentDayTotals, filled by the first call),
# today from the payments
FIGURES="count(*), count(*) FILTER (WHERE status IN ('completed', 'partially_refunded', 'refunded')),
  count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'cancelled'),
  count(*) FILTER (WHERE status = 'expired'), count(*) FILTER (WHERE status IN ('pending', 'processing')),
  COALESCE(sum(amount_minor) FILTER (WHERE status IN ('completed', 'partially_refunded', 'refunded')), 0),
  COALESCE(sum(COALESCE(fee_minor, 0)) FILTER (WHERE status IN ('completed', 'partially_refunded', 'refunded')), 0),
  COALESCE(sum(refunded_minor), 0)"
SUMMARY_LIVE_SQL="SELECT currency, payment_method, (created_at AT TIME ZONE 'Africa/Nairobi')::date, $FIGURES
FROM payments WHERE merchant_id = :m AND mode = :mode AND created_at >= :from AND created_at < :to GROUP BY 1, 2, 3;"
SUMMARY_ROLLUP_SQL="SELECT day, currency, payment_method, payments, completed, failed, cancelled, expired, pending,
  volume_minor, fees_minor, refunded_minor
FROM payment_day_totals WHERE merchant_id = :m AND mode = :mode AND day >= :dfrom AND day <= :dto;
$SUMMARY_LIVE_SQL"
if [[ "$BASELINE" == v19 ]]; then
  SUMMARY_LIVE_SQL="SELECT currency, payment_method, day, GROUPING(payment_method), GROUPING(day), $FIGURES
FROM (SELECT currency, payment_method, status, amount_minor, fee_minor, refunded_minor,
             (created_at AT TIME ZONE 'Africa/Nairobi')::date AS day
      FROM payments WHERE merchant_id = :m AND mode = :mode AND created_at >= :from AND created_at < :to) p
GROUP BY GROUPING SETS ((currency), (currency, payment_method), (currency, day))
ORDER BY currency, payment_method, day;"
  SUMMARY_ROLLUP_SQL=$SUMMARY_LIVE_SQL
fi
# PaymentRepository.list: the filters in its order, then the keyset
list_sql() {
  local where="merchant_id = :m AND mode = :mode" filter
  for filter in "$@"; do
    case "$filter" in
      status) where+=" AND status = :status" ;;
      method) where+=" AND payment_method = :method" ;;
      phone) where+=" AND phone_hash IN (:hash)" ;;
      receipt) where+=" AND provider_receipt = :receipt" ;;
      last4) where+=" AND phone_last4 = :last4" ;;
      # the dashboard's one search box (PaymentQueries' search: references, receipt, last digits, whole number)
      search) where+=" AND (reference IN (:q, :qu) OR merchant_reference = :q OR provider_receipt IN (:q, :qu))" ;;
      search4) where+=" AND (reference IN (:q, :qu) OR merchant_reference = :q OR provider_receipt IN (:q, :qu)"
        where+=" OR phone_last4 = :q)" ;;
      from) where+=" AND created_at >= :from" ;;
      to) where+=" AND created_at < :to" ;;
      cursor) where+=" AND (created_at, id) < ((SELECT created_at FROM payments WHERE id = :cursor), :cursor)" ;;
    esac
  done
  if [[ "$BASELINE" == v19 ]]; then
    where=${where/ AND (created_at, id) < ((SELECT created_at FROM payments WHERE id = :cursor), :cursor)/ AND id < :cursor}
    echo "SELECT * FROM payments WHERE $where ORDER BY id DESC LIMIT :limit;"
  else
    echo "SELECT * FROM payments WHERE $where ORDER BY created_at DESC, id DESC LIMIT :limit;"
  fi
}
FIND_SQL="SELECT * FROM payments WHERE merchant_id = :m AND mode = :mode AND (reference = :ref OR merchant_reference = :ref)
ORDER BY (reference = :ref) DESC LIMIT 1;"
EXPORT_SQL="SELECT reference, merchant_reference, description, created_at, completed_at, payment_method, status,
  amount_minor, fee_minor, refunded_minor, currency, provider_receipt, phone, paid_phone
FROM payments WHERE merchant_id = :m AND mode = :mode AND created_at >= :from AND created_at < :to
ORDER BY created_at, id;"
deliveries_sql() {
  echo "SELECT d.id, d.public_id, d.event_id, o.event_type, o.aggregate_reference, d.url, d.status, d.attempts,
  d.last_status_code, d.last_error, d.next_attempt_at, d.created_at, d.delivered_at
FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id
WHERE d.merchant_id = :m AND ($1::text IS NULL OR d.status = $1) AND d.id < 9223372036854775807
ORDER BY d.id DESC LIMIT :limit;"
}
AUDIT_SQL="SELECT a.id, a.occurred_at, m.public_id, a.actor_type, a.actor, a.action, a.target_type, a.target,
  a.before::text, a.after::text, a.source_ip, a.request_id
FROM audit_logs a LEFT JOIN merchants m ON m.id = a.merchant_id WHERE true AND a.merchant_id = :m"
# what a payment page's timeline reads beside the payment: its events with their deliveries and attempts, the
# provider's callbacks, status checks, refunds
TIMELINE_SQL="$FIND_SQL
SELECT id, event_id, event_type, created_at, payload FROM outbox_events WHERE aggregate_reference = :ref ORDER BY id;
SELECT d.id, d.public_id, d.status, d.attempts, d.created_at, d.delivered_at FROM webhook_deliveries d
  JOIN outbox_events o ON o.event_id = d.event_id WHERE o.aggregate_reference = :ref ORDER BY d.id;
SELECT a.delivery_id, a.attempted_at, a.status_code, a.latency_ms FROM webhook_attempts a
  JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN outbox_events o ON o.event_id = d.event_id
  WHERE o.aggregate_reference = :ref ORDER BY a.id;
SELECT kind, outcome, received_at, payload FROM provider_callbacks
  WHERE correlation_id = (SELECT checkout_request_id FROM payments WHERE reference = :ref) ORDER BY id;
SELECT requested_at, status, result_code FROM status_queries
  WHERE payment_id = (SELECT id FROM payments WHERE reference = :ref) ORDER BY requested_at DESC;
SELECT * FROM refunds WHERE payment_id = (SELECT id FROM payments WHERE reference = :ref) ORDER BY id;"

P="/api/v1/payments/transactions"
L="limit=$PAGE"
row overview-today api "/api/v1/reports/summary?date_from=$TODAY&date_to=$TODAY" "$SUMMARY_LIVE_SQL"
row overview-30d api "/api/v1/reports/summary?date_from=$D29&date_to=$TODAY" "$SUMMARY_ROLLUP_SQL"
row list-first api "$P?$L" "$(list_sql)"
row list-deep api "$P?$L&cursor=$DEEP_CURSOR" "$(list_sql cursor)"
row filter-completed api "$P?$L&status=completed" "$(list_sql status)"
row filter-refunded api "$P?$L&status=refunded" "$(list_sql status)"
row filter-pending api "$P?$L&status=pending" "$(list_sql status)"
row filter-card api "$P?$L&payment_method=card" "$(list_sql method)"
row filter-dates api "$P?$L&date_from=$D45&date_to=$D39" "$(list_sql from to)"
row filter-combined api "$P?$L&status=failed&payment_method=card&date_from=$D45&date_to=$D39" \
  "$(list_sql status method from to)"
row filter-dates-deep api "$P?$L&date_from=$D45&date_to=$D39&cursor=$(cursor_of "$sample_id")" \
  "$(list_sql from to cursor)"
row search-reference api "$P/$ref" "$FIND_SQL" "$ref"
row search-merchant-ref api "$P/$mref" "$FIND_SQL" "$ref"
row search-phone api "$P?$L&phone=$phone" "$(list_sql phone)" "$phone"
row search-receipt api "$P?$L&receipt=$receipt" "$(list_sql receipt)" "$receipt"
row search-last4 api "$P?$L&phone_last4=$LAST4" "$(list_sql last4)" "$phone"
row search-box-receipt api "$P?$L&search=$receipt" "$(list_sql search)" "$ref"
row search-box-last4 api "$P?$L&search=$LAST4" "$(list_sql search4)" "$phone"
row detail api "$P/$ref" "$FIND_SQL" "$ref"
row detail-timeline sql - "$TIMELINE_SQL"
row export-day api "/api/v1/reports/transactions?format=csv&date_from=$D1&date_to=$D1" "$EXPORT_SQL"
row deliveries api "/api/v1/webhooks/deliveries" "$(deliveries_sql NULL)"
row deliveries-failed api "/api/v1/webhooks/deliveries?status=failed" "$(deliveries_sql "'failed'")"
row deliveries-pending api "/api/v1/webhooks/deliveries?status=pending" "$(deliveries_sql "'pending'")"
row audit api "/api/v1/audit-logs" "$AUDIT_SQL ORDER BY a.id DESC LIMIT 51;"
row audit-action api "/api/v1/audit-logs?action=refund.created" \
  "$AUDIT_SQL AND a.action = :action ORDER BY a.id DESC LIMIT 51;"
row key-list-first key "$P?$L" "-"
# the pages (issue 14), once they exist: they call the services the rows above time
row page-overview page "/dashboard" -
row page-recent page "/dashboard/fragments/recent-payments" -
row page-payments page "/dashboard/payments" -
row page-payments-filtered page "/dashboard/payments?status=refunded&payment_method=card" -
row page-payments-dates page "/dashboard/payments?date_from=$D45&date_to=$D39" -
row page-search-receipt page "/dashboard/payments?search=$receipt" - "$ref"
row page-search-last4 page "/dashboard/payments?search=$LAST4" -
row page-payment page "/dashboard/payments/$ref" - "$ref"
row page-export-day page "/dashboard/payments/export.csv?date_from=$D1&date_to=$D1" -

# the bindings of the baselines: pgbench -D NAME=VALUE (bound as parameters), psql -v for the plans
BINDINGS=("m=$merchant" "mode=$MODE" "limit=$((PAGE + 1))" "ref=$ref" "receipt=$receipt" "hash=\\x$phone_hash"
  "last4=$LAST4" "action=refund.created")
bindings_for() { # NAME: the row's own (dates, status, method, cursor), one a line
  case "$1" in
    overview-today) printf '%s\n' "from=$(start_of "$TODAY")" "to=$(start_of "$TOMORROW")" ;;
    overview-30d)
      if [[ "$BASELINE" == v19 ]]; then
        printf '%s\n' "from=$(start_of "$D29")" "to=$(start_of "$TOMORROW")"
      else
        printf '%s\n' "dfrom=$D29" "dto=$D1" "from=$(start_of "$TODAY")" "to=$(start_of "$TOMORROW")"
      fi
      ;;
    export-day) printf '%s\n' "from=$(start_of "$D1")" "to=$(start_of "$TODAY")" ;;
    list-deep) printf '%s\n' "cursor=$deep_id" ;;
    filter-completed) printf '%s\n' status=completed ;;
    filter-refunded) printf '%s\n' status=refunded ;;
    filter-pending) printf '%s\n' status=pending ;;
    filter-card) printf '%s\n' method=card ;;
    filter-dates) printf '%s\n' "from=$(start_of "$D45")" "to=$(start_of "$D38")" ;;
    filter-combined) printf '%s\n' status=failed method=card "from=$(start_of "$D45")" "to=$(start_of "$D38")" ;;
    filter-dates-deep) printf '%s\n' "from=$(start_of "$D45")" "to=$(start_of "$D38")" "cursor=$sample_id" ;;
    search-box-receipt) printf '%s\n' "q=$receipt" "qu=$receipt" ;;
    search-box-last4) printf '%s\n' "q=$LAST4" "qu=$LAST4" ;;
  esac
}
# binding_args FLAG NAME: FLAG NAME=VALUE for every binding of the row (FLAG: -D for pgbench, -v for psql)
binding_args() {
  local binding
  for binding in "${BINDINGS[@]}"; do
    printf '%s\n%s\n' "$1" "$binding"
  done
  while IFS= read -r binding; do
    [[ -n "$binding" ]] && printf '%s\n%s\n' "$1" "$binding"
  done < <(bindings_for "$2")
}
# explain NAME SQL: EXPLAIN (ANALYZE, BUFFERS) of the baseline's first statement, its variables as literals
explain() {
  local args=()
  mapfile -t args < <(binding_args -v "$1")
  echo "---- $1"
  awk 'BEGIN { RS = ";" } NR == 1 { print "EXPLAIN (ANALYZE, BUFFERS) " $0 ";" }' <<<"$2" \
    | sed -E "s/(^|[^:]):([a-z][a-z0-9_]*)/\\1:'\\2'/g" | psql_ "${args[@]}" 2>&1 || true
}

# ---------------------------------------------------------------- the dashboard's login (when the pages exist)
SESSION_COOKIE=""
# Logs in at /dashboard/login as a browser does: the form's CSRF token, the credentials, the session cookie it sets.
# Sets SESSION_COOKIE ("name=value; ..."); fails when the page does not exist yet.
dashboard_login() {
  local jar=$tmp/cookies page code csrf user_field answer
  page=$(curl -sS -c "$jar" -b "$jar" -w '\n%{http_code}' "$URL/dashboard/login") || return 1
  code=${page##*$'\n'}
  [[ "$code" == 200 ]] || return 1
  # a hidden input (name before or after value) or the meta tag htmx reads
  csrf=$(grep -oE '<input[^>]*name="_csrf"[^>]*>|<meta[^>]*name="_csrf"[^>]*>' <<<"$page" | head -n1 \
    | sed -nE 's/.*(value|content)="([^"]+)".*/\2/p')
  user_field=${BENCH_LOGIN_USER_FIELD:-$(grep -oE 'name="(email|username)"' <<<"$page" | head -n1 \
    | sed -E 's/name="([^"]+)"/\1/')}
  [[ -n "$csrf" && -n "$user_field" ]] || {
    log "/dashboard/login has no CSRF token or no email/username field: page rows skipped"
    return 1
  }
  answer=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "$user_field=$EMAIL" --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$csrf" \
    "$URL/dashboard/login")
  [[ "$answer" == 30[23]\ * && "$answer" != *error* && "$answer" != *login* ]] || {
    log "dashboard login refused ($answer): page rows skipped"
    return 1
  }
  # the mode the rows read (the session's test/live switch, a form on every page)
  page=$(curl -sS -c "$jar" -b "$jar" "$URL/dashboard") || return 1
  csrf=$(grep -oE '<meta[^>]*name="csrf-token"[^>]*>|<input[^>]*name="_csrf"[^>]*>' <<<"$page" | head -n1 \
    | sed -nE 's/.*(value|content)="([^"]+)".*/\2/p')
  answer=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "mode=$MODE" \
    --data-urlencode "back=/dashboard" --data-urlencode "_csrf=$csrf" "$URL/dashboard/mode")
  [[ "$answer" == 2* || "$answer" == 30* ]] || log "POST /dashboard/mode answered $answer: pages may show test mode"
  SESSION_COOKIE=$(awk -F '\t' 'NF >= 7 && $1 !~ /^# / { printf "%s%s=%s", sep, $6, $7; sep = "; " }' \
    <(sed 's/^#HttpOnly_//' "$jar"))
  [[ -n "$SESSION_COOKIE" ]]
}
PAGES="" # signed in at the first page row: 1, or 0 when this build has no dashboard

# ---------------------------------------------------------------- timing
headers_for() { # KIND: curl/wrk header arguments
  case "$1" in
    api) printf '%s\n' -H "Authorization: Bearer $OWNER_ACCESS" -H "X-OnPoint-Mode: $MODE" ;;
    key) printf '%s\n' -H "Authorization: Bearer $API_KEY" ;;
    page) printf '%s\n' -H "Cookie: $SESSION_COOKIE" ;;
  esac
}
# run_wrk DURATION KIND PATH: sets W_P50 W_P95 W_RPS W_BAD from latency.lua's line
run_wrk() {
  local headers=() line
  mapfile -t headers < <(headers_for "$2")
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --timeout "$TIMEOUT" -s bench/latency.lua "${headers[@]}" \
    "$URL$3" | tee -a "$tmp/wrk.out" | grep '^BENCH_WRK' || true)
  [[ -n "$line" ]] || die "wrk printed no BENCH_WRK line (see $tmp/wrk.out)"
  W_P50=$(sed -E 's/.* p50_ms=([^ ]+).*/\1/' <<<"$line")
  W_P95=$(sed -E 's/.* p95_ms=([^ ]+).*/\1/' <<<"$line")
  W_RPS=$(sed -E 's/.* rps=([^ ]+).*/\1/' <<<"$line")
  W_BAD=$(($(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"$line") + $(sed -E 's/.* socket_errors=([0-9]+).*/\1/' <<<"$line")))
}
# run_pgbench NAME FILE DURATION: sets B_P50 B_P95 B_TPS (as many clients as wrk's connections); fails when the
# statement does (a column this build does not have)
run_pgbench() {
  local name=$1 file=$2 args=() out
  mapfile -t args < <(binding_args -D "$name")
  rm -f "$tmp/pgbench/$name".*
  out=$(cd "$tmp/pgbench" && PGCONNECT_TIMEOUT=10 pgbench -n -M prepared -h 127.0.0.1 -p "$DB_PORT" -U postgres \
    -c "$CONNECTIONS" -j "$THREADS" -T "$(seconds "$3")" --log --log-prefix="$name" "${args[@]}" -f "$file" \
    postgres 2>&1) || {
    printf '%s\n' "$out" >>"$tmp/pgbench.out"
    log "pgbench failed for $name: $(grep -m1 'ERROR' <<<"$out")"
    return 1
  }
  printf '%s\n' "$out" >>"$tmp/pgbench.out"
  read -r B_P50 B_P95 _ _ < <(bench_percentiles "$tmp/pgbench/$name".*)
  B_TPS=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -n1 | awk '{ printf "%.1f", $1 }')
}

# ---------------------------------------------------------------- inserts: what the list's indexes cost a payment
# A payment's life as the payment path writes it, in its three transactions (payment and its event; the provider's
# ids, committed without waiting for the WAL as PaymentRepository.recordProviderIds does; the outcome and its event),
# run by pgbench against the same table with the list's indexes taken away one by one (the last step is the set
# before V20), then put back in the reverse order: each index's cost is the mean of its two differences.
INSERT_SQL="\\set g random(1, 1000000000000)
BEGIN;
INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status, amount_minor,
  currency, phone, phone_hash, phone_last4, email, description, callback_url, metadata, next_check_at)
VALUES ('TXNI' || :g::text, :m, 'live', 'INS-' || :g::text, 'mpesa', 'mpesa', 'pending', 10000, 'KES', :phone, :hash,
  :last4, NULL, 'Order', NULL, NULL, now() + interval '60 seconds')
ON CONFLICT ON CONSTRAINT payments_merchant_reference_uk DO NOTHING RETURNING id \\gset
INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, payload)
VALUES ('evt_i' || :g::text, :m, 'live', 'TXNI' || :g::text, 'payment.initiated', '{\"status\":\"pending\"}');
COMMIT;
BEGIN;
SET LOCAL synchronous_commit = off;
UPDATE payments SET provider = 'mpesa', merchant_request_id = COALESCE(merchant_request_id, 'mr' || :g::text),
  checkout_request_id = COALESCE(checkout_request_id, 'ws_CO_I' || :g::text), customer_message = 'Success',
  authorization_url = NULL, updated_at = now() WHERE id = :id;
COMMIT;
BEGIN;
UPDATE payments SET status = 'completed', failure_code = NULL, failure_reason = NULL, fee_minor = 150,
  provider_receipt = 'R' || :g::text, paid_phone = :phone, paid_at = now(), completed_at = now(), next_check_at = NULL,
  updated_at = now() WHERE id = :id AND status = ANY ('{pending}');
INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, payload)
VALUES ('evt_o' || :g::text, :m, 'live', 'TXNI' || :g::text, 'payment.completed', '{\"status\":\"completed\"}');
COMMIT;"
# the list's indexes before V20 (V1, V9)
BEFORE_V20_INDEXES=("CREATE INDEX payments_merchant_listing ON payments (merchant_id, mode, id DESC)"
  "CREATE INDEX payments_merchant_created_v9 ON payments (merchant_id, mode, created_at)")
INSERT_RESULTS=()
# insert_run LABEL: pgbench of INSERT_SQL for INSERT_DURATION after a CHECKPOINT; appends "LABEL|payments/s|WAL bytes
# per payment" to INSERT_RESULTS. The WAL a payment writes (full-page images off) counts every index entry it adds
# and does not depend on how busy the machine is; payments/s does.
insert_run() {
  local out tps lsn n wal
  psql_ -c CHECKPOINT >/dev/null
  lsn=$(sql_value "SELECT pg_current_wal_lsn()")
  out=$(cd "$tmp/pgbench" && PGCONNECT_TIMEOUT=10 pgbench -n -M prepared -h 127.0.0.1 -p "$DB_PORT" -U postgres \
    -c "$CONNECTIONS" -j "$THREADS" -T "$(seconds "$INSERT_DURATION")" -D "m=$merchant" -D "phone=$phone_enc" \
    -D "hash=\\x$phone_hash" -D "last4=$LAST4" -f "$tmp/sql/inserts.sql" postgres 2>&1) \
    || die "pgbench of the payment's writes failed: $(grep -m1 ERROR <<<"$out")"
  wal=$(sql_value "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn')")
  printf '%s\n' "$out" >>"$tmp/pgbench.out"
  tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | head -n1 | awk '{ printf "%.1f", $1 }')
  n=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$out")
  wal=$(awk -v w="$wal" -v n="${n:-0}" 'BEGIN { printf "%.0f", (n > 0 ? w / n : 0) }')
  log "inserts, $1: $tps payments/s, $wal WAL bytes a payment"
  INSERT_RESULTS+=("$1|$tps|$wal")
}
index_sql() { # indexes ordered by the script: "drop NAME" / "create NAME": the statement, from the saved definition
  psql_ -c "SET maintenance_work_mem = '256MB'" -c "$1" >/dev/null
}
inserts_phase() {
  local names=() defs=() i n def sql=$INSERT_SQL
  # no full-page images after each CHECKPOINT: they depend on how many pages a run happens to touch first (its
  # speed), and would hide the records each index adds (this database is thrown away)
  psql_ -c "ALTER SYSTEM SET full_page_writes = off" -c "SELECT pg_reload_conf()" >/dev/null
  if ((!HAS_LAST4)); then
    sql=${sql/phone_hash, phone_last4,/phone_hash,}
    sql=${sql/:hash,$'\n'  :last4,/:hash,}
  fi
  printf '%s\n' "$sql" >"$tmp/sql/inserts.sql"
  phone_enc=$(sql_value "SELECT phone FROM payments WHERE reference = '$ref'")
  while IFS='|' read -r n def; do
    names+=("$n") defs+=("$def")
  done < <(sql_value "SELECT indexname || '|' || indexdef FROM pg_indexes WHERE tablename = 'payments'
    AND indexname IN ('payments_merchant_created', 'payments_merchant_phone_last4', 'payments_merchant_method',
                      'payments_merchant_status')
    ORDER BY array_position(ARRAY['payments_merchant_created', 'payments_merchant_phone_last4',
                                  'payments_merchant_method', 'payments_merchant_status'], indexname::text)")
  ((${#names[@]} == 4)) || {
    log "inserts: this build has not V20's indexes of the list (found: ${names[*]:-none}); one run with its own"
    insert_run "this build's indexes"
    return
  }
  log "inserts: the payment's writes with V20's indexes, then without them one by one, then back"
  label() { local IFS=+; echo "${*#payments_merchant_}"; } # the list's indexes present, short names
  insert_run "$(label "${names[@]}")"
  for ((i = 3; i >= 1; i--)); do
    index_sql "DROP INDEX ${names[$i]}"
    insert_run "$(label "${names[@]:0:i}")"
  done
  index_sql "DROP INDEX ${names[0]}"
  for def in "${BEFORE_V20_INDEXES[@]}"; do index_sql "$def"; done
  insert_run "before V20 (listing+created_v9)"
  index_sql "DROP INDEX payments_merchant_listing"
  index_sql "DROP INDEX payments_merchant_created_v9"
  for ((i = 0; i <= 3; i++)); do
    index_sql "${defs[$i]}"
    insert_run "$(label "${names[@]:0:i+1}")"
  done
}

mkdir -p "$OUT_DIR"
report="$OUT_DIR/dashboard-$(date -u +%Y%m%dT%H%M%SZ).txt"
RESULTS=()
plans=$tmp/plans.txt
: >"$plans"
for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]} kind=${KINDS[$i]} path=${PATHS[$i]} baseline=${BASELINES[$i]} expect=${EXPECTS[$i]}
  [[ "$name" =~ $ROWS ]] || continue
  w="-" b="-" note=""
  W_P50=- W_P95=- W_RPS=- B_P50=- B_P95=- B_TPS=- FIRST=-
  if [[ "$kind" == page && -z "$PAGES" ]]; then
    if dashboard_login; then
      PAGES=1
      log "signed in at /dashboard/login ($MODE mode): page rows timed"
    else
      PAGES=0
      log "no /dashboard/login in this build: page rows skipped"
    fi
  fi
  if [[ "$kind" == page && "$PAGES" != 1 ]]; then
    RESULTS+=("$name|-|-|-|-|-|-|-|-|skipped: no dashboard pages")
    continue
  fi
  if [[ "$kind" != sql ]]; then
    mapfile -t headers < <(headers_for "$kind")
    read -r answer first < <(curl -sS -m 120 -o "$tmp/answer" -w '%{http_code} %{time_total}\n' "${headers[@]}" \
      "$URL$path" || echo 000 0)
    FIRST=$(awk -v t="$first" 'BEGIN { printf "%.1f", t * 1000 }')
    if [[ "$answer" != 200 ]]; then
      note="HTTP $answer: $(head -c 200 "$tmp/answer" | tr '\n' ' ')"
    elif [[ -n "$expect" ]] && ! grep -qF -- "$expect" "$tmp/answer"; then
      note="unsupported: the answer lacks $expect"
    fi
    if [[ -z "$note" ]]; then
      log "$name: GET $path"
      run_wrk "$WARMUP" "$kind" "$path"
      run_wrk "$DURATION" "$kind" "$path"
      ((W_BAD == 0)) || note="$W_BAD answers not 2xx"
    fi
  fi
  if [[ "$baseline" != - ]]; then
    printf '%s\n' "$baseline" >"$tmp/sql/$name.sql"
    log "$name: pgbench"
    if run_pgbench "$name" "$tmp/sql/$name.sql" "$WARMUP" && run_pgbench "$name" "$tmp/sql/$name.sql" "$DURATION"; then
      explain "$name" "$baseline" >>"$plans"
    else
      B_P50=- B_P95=- B_TPS=-
      note=${note:-"baseline failed: see pgbench.out"}
    fi
  fi
  ratio=-
  if [[ "$W_P95" != - && "$B_P95" != - ]]; then
    ratio=$(awk -v a="$W_P95" -v b="$B_P95" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.01) }')
  fi
  verdict=-
  if [[ -n "$note" ]]; then
    verdict=$note
  elif [[ "$W_P95" != - ]]; then
    verdict=$(awk -v p="$W_P95" -v t="$TARGET_P95" 'BEGIN { print (p <= t ? "PASS" : "SHORT") }')
  fi
  RESULTS+=("$name|$FIRST|$W_P50|$W_P95|$W_RPS|$B_P50|$B_P95|$B_TPS|$ratio|$verdict")
done

[[ " $PHASES " != *" inserts "* ]] || inserts_phase

{
  echo "dashboard reads: $PAYMENTS payments over $DAYS days for one merchant, $MODE mode timed" \
    "($CONNECTIONS connections, $DURATION after $WARMUP warm-up per row; baseline pgbench -M prepared, same clients)"
  echo "build: ${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')} jar $JAR; data generated in ${FILL_S}s;" \
    "start to ready ${READY_S}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "tables: $(tr '\n' ';' <<<"$sizes")"
  echo
  printf '%-24s %9s %9s %9s %9s | %9s %9s %9s | %7s | %s\n' read "first ms" "p50 ms" "p95 ms" "req/s" "SQL p50" \
    "SQL p95" "SQL tps" "p95 ÷" "verdict (p95 <= ${TARGET_P95} ms)"
  for line in "${RESULTS[@]}"; do
    IFS='|' read -r n f0 a b c d e f g h <<<"$line"
    printf '%-24s %9s %9s %9s %9s | %9s %9s %9s | %7s | %s\n' "$n" "$f0" "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h"
  done
  if ((${#INSERT_RESULTS[@]})); then
    echo
    echo "inserts: a payment's three writes (pgbench, $CONNECTIONS clients, $INSERT_DURATION a run, after a CHECKPOINT)"
    printf '  %-40s %12s %14s\n' "the list's indexes" "payments/s" "WAL B/payment"
    for line in "${INSERT_RESULTS[@]}"; do
      IFS='|' read -r a b c <<<"$line"
      printf '  %-40s %12s %14s\n' "$a" "$b" "$c"
    done
    # each index against the set without it: the means of both passes
    printf '%s\n' "${INSERT_RESULTS[@]}" | awk -F'|' '
      { tps[$1] += $2; wal[$1] += $3; n[$1]++; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
      END {
        prev = "before V20 (listing+created_v9)"
        for (i = k; i >= 1; i--) { # the first pass took them away: its order backwards adds them
          l = order[i]; if (l ~ /^before/ || !(prev in n)) continue
          a = tps[prev] / n[prev]; b = tps[l] / n[l]; c = wal[prev] / n[prev]; d = wal[l] / n[l]
          printf "  + %-38s payments/s %7.1f -> %7.1f (%+.1f %%), WAL %6.0f -> %6.0f B (%+.1f %%)\n", \
            (prev ~ /^before/ ? l " vs before V20" : substr(l, length(prev) + 2)), a, b, (b / a - 1) * 100, c, d, \
            (d / c - 1) * 100
          prev = l
        }
      }'
  fi
  echo
  echo "plans (EXPLAIN ANALYZE, BUFFERS of each baseline's first statement):"
  cat "$plans"
} | tee "$report"
log "report: $report"
bench_ok
if [[ -n "${BENCH_HOLD:-}" ]]; then
  log "holding the gateway ($URL) and PostgreSQL (port $DB_PORT) for ${BENCH_HOLD}s (BENCH_HOLD)"
  sleep "$BENCH_HOLD" || true
fi
