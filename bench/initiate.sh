#!/usr/bin/env bash
# Throughput and latency of POST /api/v1/payments/initiate (M-Pesa, built-in Daraja simulator,
# embedded PostgreSQL in a fresh temp directory). See bench/README.md.
#   bash bench/initiate.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PORT=${BENCH_PORT:-18000}
DB_PORT=${BENCH_DB_PORT:-15433}
HOST=${BENCH_HOST:-127.0.0.1}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-10s}
WRK_TIMEOUT=${BENCH_TIMEOUT:-5s}
HEAP=${BENCH_HEAP:-1g}
JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar}
TARGET_RPS=${BENCH_TARGET_RPS:-1000}
TARGET_P99_MS=${BENCH_TARGET_P99_MS:-50}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}
READY_TIMEOUT=${BENCH_READY_TIMEOUT:-120}
# extra KEY=VALUE words for the gateway's environment (e.g. a raised rate limit), and JVM flags
read -r -a APP_ENV_EXTRA <<<"${BENCH_APP_ENV:-}"
read -r -a JAVA_OPTS_EXTRA <<<"${BENCH_JAVA_OPTS:-}"

URL="http://$HOST:$PORT"
# settings from the caller's shell that would point the gateway away from its embedded DB and simulator
UNSET_ENV=(-u DB_HOST -u DB_PORT -u DB_NAME -u DB_USER -u DB_PASSWORD -u SPRING_PROFILES_ACTIVE
           -u EMBEDDED_DB -u MPESA_ENV -u MPESA_BASE_URL -u MPESA_CONSUMER_KEY -u MPESA_CONSUMER_SECRET
           -u MPESA_SHORTCODE -u MPESA_PASSKEY -u MPESA_CALLBACK_URL -u KAFKA_BOOTSTRAP_SERVERS
           -u SIMULATOR_ENABLED)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

kb_to_mb() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }
proc_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# ---------------------------------------------------------------- tools
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@"; }
}
command -v wrk >/dev/null 2>&1 || { log "installing wrk"; apt_install wrk; }
command -v curl >/dev/null 2>&1 || { log "installing curl"; apt_install curl; }

if [[ ! -f "$JAR" && "$JAR" == app/target/onpoint-pay-sandbox.jar ]]; then
  log "building $JAR"
  ./mvnw -B -q -DskipTests package
fi
[[ -f "$JAR" ]] || die "$JAR not found"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$PORT" && die "something already listens on port $PORT (set BENCH_PORT)"
port_busy "$DB_PORT" && die "something already listens on port $DB_PORT (set BENCH_DB_PORT)"

# ---------------------------------------------------------------- gateway
tmp=$(mktemp -d "${TMPDIR:-/tmp}/onpoint-bench.XXXXXX")
app_pid=""
wrk_pid=""
ok=0

stop_gateway() {
  [[ -n "$app_pid" ]] || return 0
  local i
  if kill -0 "$app_pid" 2>/dev/null; then
    log "stopping gateway (pid $app_pid)"
    kill -TERM "$app_pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$app_pid" 2>/dev/null; then
      log "gateway still up after 30 s: SIGKILL"
      kill -KILL "$app_pid" 2>/dev/null || true
    fi
  fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
  # An embedded PostgreSQL left behind (gateway killed) is stopped through its own pid file.
  local pidfile pg_pid
  while IFS= read -r pidfile; do
    pg_pid=$(head -n1 "$pidfile" 2>/dev/null || true)
    if [[ "$pg_pid" =~ ^[0-9]+$ ]] && kill -0 "$pg_pid" 2>/dev/null; then
      log "stopping leftover embedded PostgreSQL (pid $pg_pid)"
      kill -INT "$pg_pid" 2>/dev/null || true   # PostgreSQL's fast shutdown
      for ((i = 0; i < 20; i++)); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pg_pid" 2>/dev/null || true
    fi
  done < <(find "$tmp" -name postmaster.pid 2>/dev/null)
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$wrk_pid" ]]; then kill "$wrk_pid" 2>/dev/null || true; fi
  stop_gateway
  if [[ "$ok" == 1 && "${BENCH_KEEP:-0}" != 1 ]]; then
    rm -rf "$tmp"
  else
    if [[ "$ok" != 1 && -f "$tmp/app.log" ]]; then
      log "last lines of $tmp/app.log:"
      tail -n 30 "$tmp/app.log" >&2 || true
    fi
    log "kept $tmp (app.log, app.out, wrk output)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

gateway_env=(env "${UNSET_ENV[@]}"
  EMBEDDED_DB_DIR="$tmp/pg" EMBEDDED_DB_PORT="$DB_PORT"
  SIM_DARAJA_CALLBACK_DELAY=0s SIM_DARAJA_CANCEL_DELAY=0s LOG_LEVEL=WARN
  # one key drives the whole load: its rate limit must not be what is measured (the check itself still runs)
  RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_PER_MINUTE=100000000 LIMIT_DAILY_COUNT=100000000)

log "starting gateway on $URL (data in $tmp)"
"${gateway_env[@]}" PORT="$PORT" LOG_FILE="$tmp/app.log" "${APP_ENV_EXTRA[@]}" \
  java -Xmx"$HEAP" "${JAVA_OPTS_EXTRA[@]}" -jar "$JAR" >"$tmp/app.out" 2>&1 &
app_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS -m 2 -o /dev/null "$URL/actuator/health/readiness" 2>/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$tmp/app.out" >&2; die "gateway exited during start"; }
  ((SECONDS < deadline)) || die "gateway not ready after ${READY_TIMEOUT}s"
  sleep 1
done
log "gateway ready after $((SECONDS - deadline + READY_TIMEOUT))s"

# ---------------------------------------------------------------- merchant and key
# The CLI reaches the running embedded PostgreSQL through the same data dir and port.
cli_out=$("${gateway_env[@]}" PORT=0 LOG_FILE="$tmp/cli.log" SCHEDULER_ENABLED=false \
  java -jar "$JAR" create-merchant --name Bench --email bench@onpoint.test 2>"$tmp/cli.err" | tr -d '\r') \
  || { cat "$tmp/cli.err" >&2; die "create-merchant failed"; }
keys=$(grep -E '^sk_test_[A-Za-z0-9]+$' <<<"$cli_out" || true)
[[ -n "$keys" && $(wc -l <<<"$keys") -eq 1 ]] \
  || { printf '%s\n' "$cli_out" >&2; die "expected exactly one sk_test_ line from create-merchant"; }
API_KEY=$keys
log "merchant created, key ${API_KEY:0:12}..."

# ---------------------------------------------------------------- load
# The key reaches wrk (and the Lua script) through its environment only. BENCH_RUN tags the
# references, so the warm-up's never collide with the measured run's.
wrk_args=(-t"$THREADS" -c"$CONNECTIONS" --timeout "$WRK_TIMEOUT" --latency -s bench/initiate.lua)

log "warm-up $WARMUP"
BENCH_API_KEY="$API_KEY" BENCH_RUN=w wrk "${wrk_args[@]}" -d"$WARMUP" "$URL" >"$tmp/warmup.txt" 2>&1 \
  || { cat "$tmp/warmup.txt" >&2; die "warm-up wrk failed"; }
grep '^BENCH_RESULT' "$tmp/warmup.txt" | sed 's/^/[bench] warm-up: /' >&2 || true

log "measuring $DURATION: $THREADS threads, $CONNECTIONS connections"
BENCH_API_KEY="$API_KEY" BENCH_RUN=m wrk "${wrk_args[@]}" -d"$DURATION" "$URL" >"$tmp/wrk.txt" 2>&1 &
wrk_pid=$!
peak_kb=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  rss=$(proc_kb "$app_pid" VmRSS)
  if [[ -n "$rss" ]] && ((rss > peak_kb)); then peak_kb=$rss; fi
  sleep 0.5
done
wrk_rc=0
wait "$wrk_pid" || wrk_rc=$?
wrk_pid=""
hwm_kb=$(proc_kb "$app_pid" VmHWM)
cat "$tmp/wrk.txt"
((wrk_rc == 0)) || die "wrk exited with $wrk_rc"
kill -0 "$app_pid" 2>/dev/null || die "gateway died during the run"

# With BENCH_DRAIN_STATS_URL (bench/fanout.sh's receiver), wait for the webhooks still in flight: the
# receiver's count must stay put for 3 s (at most BENCH_DRAIN_TIMEOUT s) before the gateway stops.
if [[ -n "${BENCH_DRAIN_STATS_URL:-}" ]]; then
  load_end=$(date +%s.%N)
  at_load_end=$(curl -fsS -m 2 "$BENCH_DRAIN_STATS_URL" | sed -n 's/.*"unique": \([0-9]*\).*/\1/p')
  last_count=-1 changed_at=$load_end stable_since=$SECONDS drain_deadline=$((SECONDS + ${BENCH_DRAIN_TIMEOUT:-120}))
  while ((SECONDS < drain_deadline)); do
    count=$(curl -fsS -m 2 "$BENCH_DRAIN_STATS_URL" | sed -n 's/.*"unique": \([0-9]*\).*/\1/p')
    if [[ "$count" != "$last_count" ]]; then last_count=$count changed_at=$(date +%s.%N) stable_since=$SECONDS; fi
    ((SECONDS - stable_since >= 3)) && break
    sleep 0.5
  done
  drain_s=$(awk -v a="$changed_at" -v b="$load_end" 'BEGIN { printf "%.1f", a - b }')
  echo "BENCH_DRAIN events=$last_count at_load_end=$at_load_end after_load_s=$drain_s"
fi

# ---------------------------------------------------------------- summary
result=$(grep '^BENCH_RESULT ' "$tmp/wrk.txt" | tail -n1)
[[ -n "$result" ]] || die "no BENCH_RESULT line in the wrk output"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
pps=$(field payments_per_s)
rps=$(field rps)
p50=$(field p50_ms)
p99=$(field p99_ms)
non201=$(field non201)
timeouts=$(field timeouts)
socket_errors=$(( $(field connect_errors) + $(field read_errors) + $(field write_errors) + timeouts ))
verdict=$(awk -v pps="$pps" -v p99="$p99" -v t="$timeouts" -v tr="$TARGET_RPS" -v tp="$TARGET_P99_MS" \
  'BEGIN { print (pps + 0 >= tr + 0 && p99 + 0 <= tp + 0 && t + 0 == 0) ? "PASS" : "SHORT" }')

summary=$(cat <<EOF
==== OnPoint Pay bench: POST /api/v1/payments/initiate (mpesa, simulator) ====
payments/s (201)   $pps   (all responses: $rps req/s)
latency p50        $p50 ms
latency p99        $p99 ms
non-201 responses  $non201
socket errors      $socket_errors (timeouts $timeouts)
peak RSS           $(kb_to_mb "$peak_kb") MB (VmHWM $(kb_to_mb "${hwm_kb:-0}") MB; JVM only, -Xmx$HEAP)
CPUs               $(nproc) (wrk shares them: $THREADS threads, $CONNECTIONS connections, $DURATION)
target             ${TARGET_RPS}/s at p99 <= ${TARGET_P99_MS} ms: $verdict
EOF
)
printf '%s\n' "$summary"

mkdir -p "$OUT_DIR"
out_file="$OUT_DIR/initiate-$(date -u +%Y%m%dT%H%M%SZ).txt"
{ cat "$tmp/wrk.txt"; printf '\n%s\n' "$summary"; } >"$out_file"
log "saved $out_file"

ok=1
if [[ "${BENCH_STRICT:-0}" == 1 && "$verdict" != PASS ]]; then
  exit 3
fi
