#!/usr/bin/env bash
# Issue 13's targets on the initiation path, each beside its baseline measured in the same run: the HTTP ceiling and
# saturation payments/s, open-loop latency at a fixed rate, a slow Daraja, statements and commits per payment, start
# to ready, peak RSS, and the integrity of what was accepted. See bench/README.md.
#   bash bench/initiate.sh                       # every phase
#   BENCH_PHASES="ceiling saturation" bash bench/initiate.sh
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18000}
DB_PORT=${BENCH_DB_PORT:-15433}
SIM_PORT=${BENCH_SIM_PORT:-18095}
SIMULATOR=${BENCH_SIMULATOR:-standalone}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
SLOW_CONNECTIONS=${BENCH_SLOW_CONNECTIONS:-400}
SLOW_MS=${BENCH_SLOW_MS:-1000}
OPEN_RATE=${BENCH_OPEN_RATE:-300}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-10s}
WRK_TIMEOUT=${BENCH_TIMEOUT:-5s}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}
SETTLE_TIMEOUT=${BENCH_SETTLE_TIMEOUT:-120}
STATS_FLUSH_S=${BENCH_STATS_FLUSH_S:-11}
IDLE_S=${BENCH_IDLE_S:-5}
TARGET_RPS=${BENCH_TARGET_RPS:-1000}
TARGET_CEILING_RATIO=${BENCH_TARGET_CEILING_RATIO:-0.5}
TARGET_P99_MS=${BENCH_TARGET_P99_MS:-50}
TARGET_SLOW_RATIO=${BENCH_TARGET_SLOW_RATIO:-0.8}
TARGET_COMMITS=${BENCH_TARGET_COMMITS:-2}
TARGET_READY_S=${BENCH_TARGET_READY_S:-8}
TARGET_RSS_MB=${BENCH_TARGET_RSS_MB:-512}

case "$SIMULATOR" in
  standalone) JAR=${BENCH_JAR:-app/target/onpoint-pay.jar} ;;
  embedded) JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar} ;;
  *) bench_die "BENCH_SIMULATOR must be standalone or embedded" ;;
esac
# fanout.sh (BENCH_DRAIN_STATS_URL) wants the saturation run alone
if [[ -n "${BENCH_DRAIN_STATS_URL:-}" ]]; then
  PHASES=${BENCH_PHASES:-saturation}
else
  PHASES=${BENCH_PHASES:-ceiling saturation open slow db}
fi
for phase in $PHASES; do
  [[ "$phase" =~ ^(ceiling|saturation|open|slow|db)$ ]] \
    || bench_die "unknown phase '$phase' in BENCH_PHASES (ceiling saturation open slow db)"
done
has_phase() { [[ " $PHASES " == *" $1 "* ]]; }

seconds_of() { # 30s, 2m, 30 -> seconds
  local d=$1
  case "$d" in
    *ms) awk -v v="${d%ms}" 'BEGIN { print v / 1000 }' ;;
    *s) echo "${d%s}" ;;
    *m) echo $((${d%m} * 60)) ;;
    *) echo "$d" ;;
  esac
}
calc() { awk "BEGIN { $1 }"; }
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^-?[0-9.]+$/ || b !~ /^-?[0-9.]+$/ || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a != "n/a" && a + 0 >= b + 0) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a != "n/a" && a != "inf" && a + 0 <= b + 0) }'; }
verdict() { if "$@"; then echo PASS; else echo SHORT; fi; }

bench_tools wrk curl psql unzip
bench_java
bench_build_if_missing "$JAR"
ports=("$PORT" "$DB_PORT")
if [[ "$SIMULATOR" == standalone ]]; then ports+=("$SIM_PORT"); fi
bench_ports_free "${ports[@]}"
bench_init initiate
refs_dir=$BENCH_TMP/refs
mkdir -p "$refs_dir"
report=$BENCH_TMP/report.txt
: >"$report"
# Everything printed goes to the report too.
say() { printf '%s\n' "$@" | tee -a "$report"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
load_at_start=$(load_avg)

# ---------------------------------------------------------------- simulators, gateway, merchant
gateway_env=(
  # one key drives the whole load: its rate limit must not be what is measured (the check itself still runs)
  RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_PER_MINUTE=100000000 LIMIT_DAILY_COUNT=100000000
  SIM_DARAJA_CALLBACK_DELAY=0s SIM_DARAJA_CANCEL_DELAY=0s)
if [[ "$SIMULATOR" == standalone ]]; then
  bench_simulators_start "$SIM_PORT"
  gateway_env+=(SIMULATOR_ENABLED=false MPESA_ENV=simulator MPESA_BASE_URL="$SIM_URL/sim/daraja"
    PAYSTACK_BASE_URL="$SIM_URL/sim/paystack" FLUTTERWAVE_BASE_URL="$SIM_URL/sim/flutterwave")
fi
if has_phase db; then gateway_env+=(EMBEDDED_DB_PRELOAD_LIBRARIES=pg_stat_statements); fi
bench_gateway_start "$JAR" "$PORT" "$DB_PORT" "${gateway_env[@]}"
URL=$APP_URL
DARAJA_CONTROL="$URL/sim/daraja/__sim"
if [[ "$SIMULATOR" == standalone ]]; then DARAJA_CONTROL="$SIM_URL/sim/daraja/__sim"; fi
idle_rss_kb=$(bench_proc_kb "$APP_PID" VmRSS)
bench_create_merchant

# The bench's own queries run as their own role, so pg_stat_statements can leave them out, and are counted (a line
# in own-tx: db runs in subshells too) so that the commits per payment can leave them out too: each psql commits
# twice (its connection's start-up transaction, then its query; measured on this PostgreSQL 17).
bench_psql "$DB_PORT" -c "DO \$\$ BEGIN CREATE ROLE bench LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN END \$\$" >/dev/null
: >"$BENCH_TMP/own-tx"
own_tx() { echo $((2 * $(wc -l <"$BENCH_TMP/own-tx"))); }
db() {
  echo >>"$BENCH_TMP/own-tx"
  PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U bench -d postgres -At -F ' ' "$@"
}

# ---------------------------------------------------------------- load generators
total_5xx=0
declare -A accepted_by_tag=() s5xx_by_tag=()
lua_args=(-t"$THREADS" --timeout "$WRK_TIMEOUT" --latency -s bench/initiate.lua)

# run_wrk TAG CONNECTIONS DURATION: wrk with initiate.lua, references tagged BENCH-TAG-...; sets R_* from its result.
run_wrk() {
  local tag=$1 connections=$2 duration=$3 out=$BENCH_TMP/wrk-$1.txt result rc=0
  BENCH_API_KEY="$API_KEY" BENCH_RUN="$tag" BENCH_REFS_DIR="$refs_dir" \
    wrk "${lua_args[@]}" -c"$connections" -d"$duration" "$URL" >"$out" 2>&1 &
  local pid=$!
  BENCH_CHILDREN+=("$pid")
  wait "$pid" || rc=$?
  ((rc == 0)) || {
    cat "$out" >&2
    bench_die "wrk ($tag) exited with $rc"
  }
  kill -0 "$APP_PID" 2>/dev/null || bench_die "gateway died during the $tag run"
  result=$(grep '^BENCH_RESULT ' "$out" | tail -n1)
  [[ -n "$result" ]] || bench_die "no BENCH_RESULT line in $out"
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
  R_PPS=$(field payments_per_s) R_RPS=$(field rps) R_P50=$(field p50_ms) R_P99=$(field p99_ms)
  R_NON201=$(field non201) R_TIMEOUTS=$(field timeouts) R_ACCEPTED=$(field accepted) R_5XX=$(field s5xx)
  R_SOCKET=$(($(field connect_errors) + $(field read_errors) + $(field write_errors) + R_TIMEOUTS))
  total_5xx=$((total_5xx + R_5XX))
  accepted_by_tag[$tag]=$R_ACCEPTED s5xx_by_tag[$tag]=$R_5XX
}

# run_plain_wrk CONNECTIONS DURATION PATH: wrk on a GET endpoint; W_RPS (2xx only), W_P99, W_BAD (non-2xx + errors).
run_plain_wrk() {
  local out=$BENCH_TMP/wrk-plain-$RANDOM.txt rc=0
  wrk -t"$THREADS" -c"$1" -d"$2" --timeout "$WRK_TIMEOUT" --latency "$URL$3" >"$out" 2>&1 || rc=$?
  ((rc == 0)) || {
    cat "$out" >&2
    bench_die "wrk on $3 exited with $rc"
  }
  cat "$out" >>"$report"
  local requests secs non2xx errors
  requests=$(sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*\)\(m\?s\),.*/\1/p' "$out")
  secs=$(sed -n 's/^ *[0-9]* requests in \([0-9.]*\)\(m\?s\),.*/\1 \2/p' "$out" | awk '{ print ($2 == "ms") ? $1 / 1000 : $1 }')
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$out")
  errors=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$out" \
    | awk '{ print $1 + $2 + $3 + $4 }')
  W_BAD=$((${non2xx:-0} + ${errors:-0}))
  W_RPS=$(calc "printf \"%.1f\", (${requests:-0} - ${non2xx:-0}) / ${secs:-1}")
  W_P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms/, "", v);
    else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }' "$out")
}

# run_open TAG URL_PATH RATE DURATION: bench/OpenLoop.java; sets O_* from its BENCH_OPEN line.
openloop_cp=""
run_open() {
  local tag=$1 path=$2 rate=$3 secs out=$BENCH_TMP/open-$1.txt result rc=0
  secs=$(seconds_of "$4")
  if [[ -z "$openloop_cp" ]]; then
    openloop_cp=$BENCH_TMP/openloop
    mkdir -p "$openloop_cp"
    # compiled once beforehand, so no phase pays for the compiler
    "$(dirname "$JAVA")/javac" -d "$openloop_cp" bench/OpenLoop.java 2>"$BENCH_TMP/javac.err" || {
      cat "$BENCH_TMP/javac.err" >&2
      bench_die "bench/OpenLoop.java does not compile (needs JDK 21+: BENCH_JAVA)"
    }
  fi
  BENCH_API_KEY="$API_KEY" BENCH_RUN="$tag" BENCH_REFS_DIR="$refs_dir" \
    "$JAVA" -Xmx256m -cp "$openloop_cp" OpenLoop "$URL$path" "$rate" "$secs" "$(seconds_of "$WRK_TIMEOUT")" \
    >"$out" 2>&1 &
  local pid=$!
  BENCH_CHILDREN+=("$pid")
  wait "$pid" || rc=$?
  cat "$out" >>"$report"
  ((rc == 0)) || {
    cat "$out" >&2
    bench_die "OpenLoop ($tag) exited with $rc"
  }
  result=$(grep '^BENCH_OPEN ' "$out" | tail -n1)
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
  O_P50=$(field p50_ms) O_P99=$(field p99_ms) O_RATE=$(field rate) O_NOANSWER=$(field no_answer)
  O_ACCEPTED=$(field accepted) O_5XX=$(field s5xx) O_SCHEDULED=$(field scheduled) O_LAG=$(field send_lag_ms)
  if [[ "$path" == /api/* ]]; then
    total_5xx=$((total_5xx + O_5XX))
    accepted_by_tag[$tag]=$O_ACCEPTED s5xx_by_tag[$tag]=$O_5XX
  fi
}

# settle TIMEOUT STALL: waits until no bench payment is pending and the outbox has nothing unclaimed; gives up after
# TIMEOUT s, or when that count has not moved for STALL s (payments whose push was lost wait for reconciliation).
settle() {
  local deadline=$((SECONDS + $1)) stall=$2 left last=-1 moved=$SECONDS
  while :; do
    left=$(db -c "SELECT (SELECT count(*) FROM payments WHERE status = 'pending' AND merchant_reference LIKE 'BENCH-%')
                        + (SELECT count(*) FROM outbox_events WHERE published_at IS NULL)")
    [[ "$left" == 0 ]] && return 0
    if [[ "$left" != "$last" ]]; then last=$left moved=$SECONDS; fi
    if ((SECONDS >= deadline || SECONDS - moved >= stall)); then
      bench_log "still $left pending bench payments or unclaimed events"
      return 1
    fi
    sleep 0.5
  done
}

# quiesce: before a measured phase, lets the previous one's backlog go (requests a load generator gave up on are still
# served): settled, and the gateway below a fifth of a core over a second (at most BENCH_QUIESCE_TIMEOUT s, 60).
clk_tck=$(getconf CLK_TCK)
gateway_ticks() { awk '{ print $14 + $15 }' "/proc/$APP_PID/stat" 2>/dev/null || echo 0; }
quiesce() {
  local deadline=$((SECONDS + ${BENCH_QUIESCE_TIMEOUT:-60})) a b
  settle "${BENCH_QUIESCE_TIMEOUT:-60}" 5 || true
  while ((SECONDS < deadline)); do
    a=$(gateway_ticks)
    sleep 1
    b=$(gateway_ticks)
    (((b - a) * 5 < clk_tck)) && return 0
  done
  bench_log "the gateway is still busy after ${BENCH_QUIESCE_TIMEOUT:-60}s: measuring anyway"
}
xact_commits() { db -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'"; }

# ---------------------------------------------------------------- warm-up
say "==== OnPoint Pay bench: issue 13 targets on the initiation path ===="
say "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')  jar $JAR ($(date -u -r "$JAR" +%FT%TZ))"
say "simulator $SIMULATOR  java $("$JAVA" -version 2>&1 | head -n1)  CPUs $(nproc)  load $load_at_start"
say "phases: $PHASES  (wrk $THREADS threads, $CONNECTIONS connections, $DURATION after ${WARMUP} warm-up)"
bench_log "warm-up $WARMUP"
run_wrk w "$CONNECTIONS" "$WARMUP"
bench_log "warm-up: $R_PPS payments/s, p99 $R_P99 ms, non-201 $R_NON201"

# ---------------------------------------------------------------- ceiling: the same server on a trivial endpoint
ceiling="" sat_pps="" sat_p99="" sat_rss_kb=""
if has_phase ceiling; then
  quiesce
  bench_log "ceiling: wrk on /actuator/health/liveness, $CONNECTIONS connections, $DURATION"
  say "" "---- ceiling: GET /actuator/health/liveness ----"
  run_plain_wrk "$CONNECTIONS" "$DURATION" /actuator/health/liveness
  ceiling=$W_RPS
  say "HTTP ceiling       $ceiling req/s (p99 $W_P99 ms, non-2xx or socket errors $W_BAD)"
fi

# ---------------------------------------------------------------- saturation (and the statements and commits in it)
if has_phase db; then
  db_ext=0
  if db -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>"$BENCH_TMP/ext.err" \
    && db -c "SELECT pg_stat_statements_reset()" >/dev/null 2>>"$BENCH_TMP/ext.err"; then
    db_ext=1
  else
    bench_log "pg_stat_statements unavailable (a jar without onpoint.embedded-db.preload-libraries?): commits only"
  fi
  quiesce
  bench_log "db: ${STATS_FLUSH_S}s for the statistics to be flushed, then ${IDLE_S}s idle (the background's commits)"
  sleep "$STATS_FLUSH_S"
  own0=$(own_tx) c_idle0=$(xact_commits) t_idle0=$(bench_now)
  sleep "$IDLE_S"
  if ((db_ext)); then db -c "SELECT pg_stat_statements_reset()" >/dev/null; fi
  # a snapshot reads the counter between its two commits: one belongs to each interval, so each psql call from one
  # snapshot (included) to the next (excluded) counts two
  own_start=$(own_tx) c0=$(xact_commits) t0=$(bench_now)
  idle_rate=$(calc "printf \"%.2f\", ($c0 - $c_idle0 - ($own_start - $own0)) / ($t0 - $t_idle0)")
fi
if has_phase saturation || has_phase db; then
  has_phase db || quiesce
  bench_log "saturation: $DURATION, $CONNECTIONS connections"
  bench_rss_watch_start "$APP_PID" "$BENCH_TMP/rss-saturation"
  run_wrk m "$CONNECTIONS" "$DURATION"
  sat_rss_kb=$(bench_rss_watch_stop "$BENCH_TMP/rss-saturation")
  sat_pps=$R_PPS sat_p99=$R_P99
  say "" "---- saturation: POST /api/v1/payments/initiate, closed loop ----"
  cat "$BENCH_TMP/wrk-m.txt" >>"$report"
  say "payments/s (201)   $sat_pps   (201/202 answers; all responses: $R_RPS req/s)"
  say "latency            p50 $R_P50 ms, p99 $R_P99 ms (closed loop: queueing hidden)"
  say "non-201 responses  $R_NON201 (5xx $R_5XX); socket errors $R_SOCKET (timeouts $R_TIMEOUTS)"
  say "peak RSS           $(bench_kb_to_mb "$sat_rss_kb") MB (idle after start $(bench_kb_to_mb "$idle_rss_kb") MB; -Xmx${BENCH_HEAP:-1g})"
fi

# fanout.sh: wait for the webhooks still in flight (the receiver's count must stay put for 3 s) before stopping.
if [[ -n "${BENCH_DRAIN_STATS_URL:-}" ]]; then
  load_end=$(bench_now)
  at_load_end=$(curl -fsS -m 2 "$BENCH_DRAIN_STATS_URL" | sed -n 's/.*"unique": \([0-9]*\).*/\1/p')
  last_count=-1 changed_at=$load_end stable_since=$SECONDS drain_deadline=$((SECONDS + ${BENCH_DRAIN_TIMEOUT:-120}))
  while ((SECONDS < drain_deadline)); do
    count=$(curl -fsS -m 2 "$BENCH_DRAIN_STATS_URL" | sed -n 's/.*"unique": \([0-9]*\).*/\1/p')
    if [[ "$count" != "$last_count" ]]; then last_count=$count changed_at=$(bench_now) stable_since=$SECONDS; fi
    ((SECONDS - stable_since >= 3)) && break
    sleep 0.5
  done
  say "BENCH_DRAIN events=$last_count at_load_end=$at_load_end after_load_s=$(calc "printf \"%.1f\", $changed_at - $load_end")"
fi

commits_pp="" commits_net_pp="" stmts_pp=""
if has_phase db; then
  bench_log "db: waiting for the run's callbacks and outbox claims, then ${STATS_FLUSH_S}s for the statistics"
  settled=yes
  settle "$SETTLE_TIMEOUT" 15 || settled="NO (gave up)"
  completed=$(db -c "SELECT count(*) FROM payments WHERE merchant_reference LIKE 'BENCH-m-%' AND status <> 'pending'")
  sleep "$STATS_FLUSH_S"
  own_in_window=$(($(own_tx) - own_start))
  c1=$(xact_commits) t1=$(bench_now)
  window_s=$(calc "printf \"%.1f\", $t1 - $t0")
  commits=$((c1 - c0 - own_in_window))
  background=$(calc "printf \"%.0f\", $idle_rate * $window_s")
  commits_pp=$(ratio "$commits" "$completed")
  commits_net_pp=$(ratio "$(calc "print $commits - $background")" "$completed")
  say "" "---- db: statements and commits per payment (saturation run, initiate + callback + outbox) ----"
  say "payments completed $completed (run m, callbacks applied: $settled); window ${window_s}s"
  say "commits            $commits (pg_stat_database.xact_commit, the bench's own $own_in_window left out)"
  say "  per payment      $commits_pp; less the idle background ($idle_rate/s x ${window_s}s = $background): $commits_net_pp"
  if ((db_ext)); then
    read -r stmts stmts_nontx <<<"$(db -c "
      SELECT coalesce(sum(calls), 0),
             coalesce(sum(calls) FILTER (WHERE query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW|START TRANSACTION)'), 0)
      FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'postgres'")"
    stmts_pp=$(ratio "$stmts_nontx" "$completed")
    say "statements         $stmts ($stmts_nontx without BEGIN/COMMIT/SET): $(ratio "$stmts" "$completed") per payment, $stmts_pp without"
    say "top statements per payment (calls / payments completed; background included):"
    db -c "
      SELECT to_char(s.calls::numeric / greatest($completed, 1), 'FM9990.00'), left(regexp_replace(s.query, '\\s+', ' ', 'g'), 150)
      FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
      WHERE r.rolname = 'postgres' ORDER BY s.calls DESC LIMIT ${BENCH_TOP_STATEMENTS:-25}" \
      | sed 's/^/  /' | tee -a "$report"
  fi
fi

# ---------------------------------------------------------------- open loop at a fixed rate
open_p99="" open_base_p99=""
if has_phase open; then
  quiesce
  bench_log "open loop: $OPEN_RATE/s for $DURATION on /actuator/health/liveness, then on payments"
  run_open ol /actuator/health/liveness "$OPEN_RATE" "$DURATION"
  open_base_p99=$O_P99 open_base_p50=$O_P50
  quiesce
  run_open o /api/v1/payments/initiate "$OPEN_RATE" "$DURATION"
  open_p99=$O_P99
  say "" "---- open loop: $OPEN_RATE requests/s, latency from each request's scheduled send ----"
  say "payments           p50 $O_P50 ms, p99 $O_P99 ms; sent at $O_RATE/s (max $O_LAG ms behind schedule)"
  say "                   $O_ACCEPTED of $O_SCHEDULED accepted, $O_NOANSWER unanswered, 5xx $O_5XX"
  say "liveness (same rate) p50 $open_base_p50 ms, p99 $open_base_p99 ms"
fi

# ---------------------------------------------------------------- slow provider: STK Push answering after SLOW_MS
slow_pps="" instant_pps="" slow_rss_kb=""
if has_phase slow; then
  quiesce
  bench_log "slow: instant Daraja, $SLOW_CONNECTIONS connections, $DURATION"
  run_wrk si "$SLOW_CONNECTIONS" "$DURATION"
  instant_pps=$R_PPS instant_p99=$R_P99
  cat "$BENCH_TMP/wrk-si.txt" >>"$report"
  # the simulator's slow mode: every Daraja answer after SLOW_MS (the gateway asks for its OAuth token once an hour
  # and queries no STK status during the run, so it is the STK Push answer that waits)
  curl -fsS -m 5 -o /dev/null -X POST "$DARAJA_CONTROL/faults" -H 'Content-Type: application/json' \
    -d "{\"mode\":\"slow\",\"latency_ms\":$SLOW_MS}" || bench_die "could not switch the Daraja simulator to slow"
  bench_log "slow: Daraja answering after ${SLOW_MS} ms, $SLOW_CONNECTIONS connections, $DURATION"
  quiesce
  bench_rss_watch_start "$APP_PID" "$BENCH_TMP/rss-slow"
  run_wrk ss "$SLOW_CONNECTIONS" "$DURATION"
  slow_rss_kb=$(bench_rss_watch_stop "$BENCH_TMP/rss-slow")
  curl -fsS -m 5 -o /dev/null -X POST "$DARAJA_CONTROL/faults" -H 'Content-Type: application/json' \
    -d '{"mode":"none"}' || bench_log "could not switch the Daraja simulator back"
  slow_pps=$R_PPS
  cat "$BENCH_TMP/wrk-ss.txt" >>"$report"
  say "" "---- slow provider: STK Push answered after ${SLOW_MS} ms, $SLOW_CONNECTIONS connections ----"
  say "instant            $instant_pps payments/s, p99 $instant_p99 ms"
  say "slow               $slow_pps payments/s, p99 $R_P99 ms, non-201 $R_NON201 (5xx $R_5XX), timeouts $R_TIMEOUTS"
  say "peak RSS (slow)    $(bench_kb_to_mb "$slow_rss_kb") MB"
fi

# ---------------------------------------------------------------- integrity: every accepted payment in the database once
bench_log "integrity: the accepted references against the database"
all_refs=$BENCH_TMP/accepted-refs.txt
cat "$refs_dir"/refs-*.txt >"$all_refs" 2>/dev/null || : >"$all_refs"
answered_accepted=0
for tag in "${!accepted_by_tag[@]}"; do answered_accepted=$((answered_accepted + accepted_by_tag[$tag])); done
read -r listed unreadable dup_answers missing dup_rows rows <<<"$(db <<SQL
CREATE TEMP TABLE accepted (ref text);
\copy accepted FROM '$all_refs'
SELECT (SELECT count(*) FROM accepted),
       (SELECT count(*) FROM accepted WHERE ref = '?'),
       (SELECT count(*) FROM (SELECT ref FROM accepted GROUP BY ref HAVING count(*) > 1) d),
       (SELECT count(*) FROM accepted a WHERE ref <> '?' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.merchant_reference = a.ref)),
       (SELECT count(*) FROM (SELECT merchant_reference FROM payments WHERE merchant_reference LIKE 'BENCH-%'
                              GROUP BY merchant_reference HAVING count(*) > 1) d),
       (SELECT count(*) FROM payments WHERE merchant_reference LIKE 'BENCH-%');
SQL
)"
integrity=OK
problems=()
((listed == answered_accepted)) || problems+=("$listed references listed for $answered_accepted accepted answers")
((unreadable == 0)) || problems+=("$unreadable accepted answers without a merchant_reference")
((dup_answers == 0)) || problems+=("$dup_answers references accepted twice")
((missing == 0)) || problems+=("$missing accepted payments missing from the database")
((dup_rows == 0)) || problems+=("$dup_rows references stored more than once")
((total_5xx == 0)) || problems+=("$total_5xx answers 5xx (by run: $(for t in "${!s5xx_by_tag[@]}"; do printf '%s=%s ' "$t" "${s5xx_by_tag[$t]}"; done)| statuses in the report's load generator outputs)")
((${#problems[@]} == 0)) || integrity=WRONG
say "" "---- integrity ----"
say "accepted (201/202) $answered_accepted answers over runs: $(for t in "${!accepted_by_tag[@]}"; do printf '%s=%s ' "$t" "${accepted_by_tag[$t]}"; done)"
say "in the database    $rows bench payments; accepted but missing $missing; stored twice $dup_rows; 5xx answered $total_5xx"
say "                   (rows beyond the accepted answers: requests still in flight when a load generator stopped)"
for p in "${problems[@]}"; do say "WRONG: $p"; done

hwm_kb=$(bench_proc_kb "$APP_PID" VmHWM)
bench_gateway_stop

# ---------------------------------------------------------------- the targets table
ceiling_ratio=$(ratio "$sat_pps" "$ceiling")
rows_out=()
table_line() { printf '%-2s %-40s %-14s %-28s %-6s %-20s %s' "$@"; }
row() { rows_out+=("$(table_line "$@")"); }
if [[ -n "$sat_pps" ]]; then
  v=SHORT
  { at_least "$sat_pps" "$TARGET_RPS" || at_least "$ceiling_ratio" "$TARGET_CEILING_RATIO"; } && v=PASS
  row 1 "saturation payments/s" "$sat_pps/s" "ceiling ${ceiling:-n/a} req/s" "$ceiling_ratio" \
    ">=${TARGET_RPS}/s or >=${TARGET_CEILING_RATIO}" "$v"
fi
if [[ -n "$ceiling" && -z "$sat_pps" ]]; then
  row 1 "HTTP ceiling, liveness (no saturation)" "$ceiling/s" "-" "-" "-" "-"
fi
if [[ -n "$open_p99" ]]; then
  row 1 "open loop ${OPEN_RATE}/s: p99" "$open_p99 ms" "liveness p99 $open_base_p99 ms" "$(ratio "$open_p99" "$open_base_p99")" \
    "<=${TARGET_P99_MS} ms" "$(verdict at_most "$open_p99" "$TARGET_P99_MS")"
fi
if [[ -n "$slow_pps" ]]; then
  slow_ratio=$(ratio "$slow_pps" "$instant_pps")
  row 2 "slow STK Push (${SLOW_MS} ms): payments/s" "$slow_pps/s" "instant $instant_pps/s" "$slow_ratio" \
    ">=${TARGET_SLOW_RATIO}" "$(verdict at_least "$slow_ratio" "$TARGET_SLOW_RATIO")"
  row 2 "peak RSS, slow provider" "$(bench_kb_to_mb "$slow_rss_kb") MB" "idle $(bench_kb_to_mb "$idle_rss_kb") MB" \
    "$(ratio "$slow_rss_kb" "$idle_rss_kb")" "<=${TARGET_RSS_MB} MB" \
    "$(verdict at_most "$(bench_kb_to_mb "$slow_rss_kb")" "$TARGET_RSS_MB")"
fi
if [[ -n "$commits_pp" ]]; then
  row 4 "commits per payment (net of background)" "$commits_net_pp" "gross $commits_pp" "-" "<=${TARGET_COMMITS}" \
    "$(verdict at_most "$commits_net_pp" "$TARGET_COMMITS")"
  if [[ -n "$stmts_pp" ]]; then
    row 4 "statements per payment (no BEGIN/COMMIT)" "$stmts_pp" "-" "-" "(measured)" "-"
  fi
fi
row 6 "start to ready" "${READY_S} s" "simulators ${SIM_READY_S:-n/a} s" "$(ratio "$READY_S" "$SIM_READY_S")" \
  "<=${TARGET_READY_S} s" "$(verdict at_most "$READY_S" "$TARGET_READY_S")"
if [[ -n "$sat_rss_kb" ]]; then
  row 6 "peak RSS at full load" "$(bench_kb_to_mb "$sat_rss_kb") MB" "idle $(bench_kb_to_mb "$idle_rss_kb") MB" \
    "$(ratio "$sat_rss_kb" "$idle_rss_kb")" "<=${TARGET_RSS_MB} MB" \
    "$(verdict at_most "$(bench_kb_to_mb "$sat_rss_kb")" "$TARGET_RSS_MB")"
fi
row 7 "integrity (accepted in DB once, no 5xx)" "$integrity" "$answered_accepted accepted" "-" "all once, 0 5xx" \
  "$([[ $integrity == OK ]] && echo PASS || echo WRONG)"

say "" "==== issue 13 targets (initiation path): $(date -u +%FT%TZ), load $load_at_start at start, $(load_avg) at end ===="
say "$(table_line '#' target figure baseline ratio bar verdict)"
for r in "${rows_out[@]}"; do say "$r"; done
say "gateway VmHWM $(bench_kb_to_mb "$hwm_kb") MB over the whole run; CPUs $(nproc), shared by the gateway, PostgreSQL,"
say "the simulators and the load generators: compare ratios, and means of alternating runs (bench/ab.sh)."
# machine-readable figures (bench/ab.sh)
for f in ready_s=$READY_S sim_ready_s=${SIM_READY_S:-} ceiling_rps=$ceiling saturation_pps=$sat_pps \
  ceiling_ratio=$ceiling_ratio saturation_p99_ms=$sat_p99 open_p99_ms=$open_p99 open_base_p99_ms=$open_base_p99 \
  instant_pps=$instant_pps slow_pps=$slow_pps slow_ratio=${slow_ratio:-} commits_per_payment=$commits_pp \
  commits_net_per_payment=$commits_net_pp statements_per_payment=$stmts_pp \
  rss_full_load_mb=$([[ -n $sat_rss_kb ]] && bench_kb_to_mb "$sat_rss_kb") \
  rss_slow_mb=$([[ -n $slow_rss_kb ]] && bench_kb_to_mb "$slow_rss_kb"); do
  if [[ -n "${f#*=}" && "${f#*=}" != n/a ]]; then say "BENCH_FIGURE ${f%%=*} ${f#*=}"; fi
done

mkdir -p "$OUT_DIR"
out_file="$OUT_DIR/initiate-$(date -u +%Y%m%dT%H%M%SZ).txt"
cp "$report" "$out_file"
bench_log "saved $out_file"
bench_ok
[[ "$integrity" == OK ]] || exit 4
if [[ "${BENCH_STRICT:-0}" == 1 ]] && printf '%s\n' "${rows_out[@]}" | grep -q 'SHORT$'; then
  exit 3
fi
