# shellcheck shell=bash
# The shared part of the bench scripts (sourced, not run): tools, the JDK, a gateway jar on a fresh embedded
# PostgreSQL in a temp directory (start-to-ready measured), the simulators in a process of their own, a merchant and
# its API key, RSS sampling, and a cleanup that stops everything it started. See bench/README.md ("lib.sh").
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_init initiate                   # temp dir, traps; cd to the repository
#   bench_tools wrk curl psql
#   bench_simulators_start 18150          # optional: SIM_PID, SIM_URL, SIM_READY_S
#   bench_gateway_start "$JAR" 18100 15500 KEY=VALUE...   # APP_PID, APP_URL, READY_S
#   bench_create_merchant                 # API_KEY
#   bench_ok                              # at the end of a successful run: the temp dir goes

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$BENCH_ROOT" || exit 1

# Settings of the caller's shell that would point the gateway away from its embedded database and the simulators.
BENCH_UNSET_ENV=(-u DB_HOST -u DB_PORT -u DB_NAME -u DB_USER -u DB_PASSWORD -u SPRING_PROFILES_ACTIVE
  -u EMBEDDED_DB -u EMBEDDED_DB_DIR -u EMBEDDED_DB_PORT -u EMBEDDED_DB_PRELOAD_LIBRARIES
  -u MPESA_ENV -u MPESA_BASE_URL -u MPESA_CONSUMER_KEY -u MPESA_CONSUMER_SECRET -u MPESA_SHORTCODE -u MPESA_PASSKEY
  -u MPESA_CALLBACK_URL -u MPESA_CALLBACK_TOKEN -u PAYSTACK_ENV -u PAYSTACK_BASE_URL -u FLUTTERWAVE_ENV
  -u FLUTTERWAVE_BASE_URL -u KAFKA_BOOTSTRAP_SERVERS -u SIMULATOR_ENABLED -u PUBLIC_BASE_URL -u JAVA_TOOL_OPTIONS)

BENCH_TMP=""
BENCH_OK=0
APP_PID=""
SIM_PID=""
APP_URL=""
SIM_URL=""
READY_S=""
SIM_READY_S=""
JAVA=""
BENCH_GATEWAY_ENV=()
BENCH_CHILDREN=() # load generators and samplers to end on exit

bench_log() { printf '[bench] %s\n' "$*" >&2; }
bench_die() {
  bench_log "ERROR: $*"
  exit 1
}

# ---------------------------------------------------------------- tools and the JDK
bench_apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
}

# bench_tools wrk curl psql: installs the Debian package of each command that is missing.
bench_tools() {
  local tool package
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    case "$tool" in
      psql | pgbench) package=postgresql-client ;;
      *) package=$tool ;;
    esac
    bench_log "installing $package"
    bench_apt_install "$package" || bench_die "could not install $package"
  done
}

# Sets JAVA: the newest JDK (21+, bin/newest-jdk: virtual threads), else java on PATH. BENCH_JAVA overrides.
bench_java() {
  local home
  if [[ -n "${BENCH_JAVA:-}" ]]; then
    JAVA=$BENCH_JAVA
  elif home=$(bin/newest-jdk 2>/dev/null) && [[ -x "$home/bin/java" ]]; then
    JAVA=$home/bin/java
  else
    JAVA=$(command -v java) || bench_die "no java found (install a JDK, or set BENCH_JAVA)"
  fi
  bench_log "java: $JAVA ($("$JAVA" -version 2>&1 | head -n1))"
}

# The major version of $JAVA (17, 21, 25, ...).
bench_java_major() {
  "$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# bench_build_if_missing JAR: builds the project (offline) when JAR is one of this tree's and missing.
bench_build_if_missing() {
  local jar=$1
  [[ -f "$jar" ]] && return 0
  case "$jar" in
    app/target/* | simulators/target/* | "$BENCH_ROOT"/app/target/* | "$BENCH_ROOT"/simulators/target/*)
      bench_log "building $jar (./mvnw -o -q -DskipTests package)"
      JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$JAVA")")} ./mvnw -o -B -q -DskipTests package >&2 \
        || bench_die "build failed"
      ;;
  esac
  [[ -f "$jar" ]] || bench_die "$jar not found"
}

# The standalone simulators jar of this tree (simulators/target/onpoint-simulators-<version>-standalone.jar), built
# when missing.
bench_simulators_jar() {
  local jar
  jar=$(find simulators/target -maxdepth 1 -name 'onpoint-simulators-*-standalone.jar' 2>/dev/null | sort | tail -n1)
  if [[ -z "$jar" ]]; then
    bench_log "building the simulators (./mvnw -o -q -DskipTests package)"
    JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$JAVA")")} ./mvnw -o -B -q -DskipTests -pl simulators package >&2 \
      || bench_die "build failed"
    jar=$(find simulators/target -maxdepth 1 -name 'onpoint-simulators-*-standalone.jar' | sort | tail -n1)
  fi
  [[ -n "$jar" ]] || bench_die "no simulators/target/onpoint-simulators-*-standalone.jar"
  echo "$jar"
}

bench_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
bench_ports_free() {
  local port
  for port in "$@"; do
    ! bench_port_busy "$port" || bench_die "something already listens on port $port (see the BENCH_*PORT knobs)"
  done
}

bench_now() { date +%s.%N; }
bench_since() { awk -v a="$1" -v b="$(bench_now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- lifecycle
# bench_init NAME: a temp directory (BENCH_TMP) and the exit trap that stops whatever was started.
bench_init() {
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/onpoint-$1-bench.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_ok() { BENCH_OK=1; }

# bench_stop_pid PID NAME SECONDS: SIGTERM (graceful), then SIGKILL after SECONDS.
bench_stop_pid() {
  local pid=$1 name=$2 seconds=${3:-30} i
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    bench_log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < seconds * 5; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      bench_log "$name still up after ${seconds}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# An embedded PostgreSQL left behind (gateway killed) is stopped through its own pid file.
bench_stop_leftover_postgres() {
  local pidfile pg_pid i
  [[ -n "$BENCH_TMP" && -d "$BENCH_TMP" ]] || return 0
  while IFS= read -r pidfile; do
    pg_pid=$(head -n1 "$pidfile" 2>/dev/null || true)
    if [[ "$pg_pid" =~ ^[0-9]+$ ]] && kill -0 "$pg_pid" 2>/dev/null; then
      bench_log "stopping leftover embedded PostgreSQL (pid $pg_pid)"
      kill -INT "$pg_pid" 2>/dev/null || true # PostgreSQL's fast shutdown
      for ((i = 0; i < 40; i++)); do
        kill -0 "$pg_pid" 2>/dev/null || break
        sleep 0.5
      done
      kill -KILL "$pg_pid" 2>/dev/null || true
    fi
  done < <(find "$BENCH_TMP" -name postmaster.pid 2>/dev/null)
}

bench_gateway_stop() {
  bench_stop_pid "$APP_PID" gateway 30
  APP_PID=""
  bench_stop_leftover_postgres
}

bench_simulators_stop() {
  bench_stop_pid "$SIM_PID" simulators 15
  SIM_PID=""
}

bench_cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${BENCH_CHILDREN[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  bench_gateway_stop
  bench_simulators_stop
  if [[ -n "$BENCH_TMP" ]]; then
    if [[ "$BENCH_OK" == 1 && "${BENCH_KEEP:-0}" != 1 ]]; then
      rm -rf "$BENCH_TMP"
    else
      if [[ "$BENCH_OK" != 1 && -f "$BENCH_TMP/app.log" ]]; then
        bench_log "last lines of $BENCH_TMP/app.log:"
        tail -n 30 "$BENCH_TMP/app.log" >&2 || true
      fi
      bench_log "kept $BENCH_TMP (logs, database, load generator output)"
    fi
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- processes
# bench_wait_http URL PID NAME TIMEOUT: polls URL (every 0.1 s) until it answers 2xx; dies if PID exits.
bench_wait_http() {
  local url=$1 pid=$2 name=$3 timeout=$4 deadline=$((SECONDS + $4))
  until curl -fsS -m 2 -o /dev/null "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || bench_die "$name exited during start (see $BENCH_TMP)"
    ((SECONDS < deadline)) || bench_die "$name not ready after ${timeout}s"
    sleep 0.1
  done
}

# bench_simulators_start PORT [--property=value ...]: the standalone simulators (Daraja, Paystack, Flutterwave) in a
# process of their own, callbacks immediate, on virtual threads when the JDK has them (a slow Daraja then holds no
# platform thread: the simulator must not be what caps a slow-provider run). Sets SIM_PID, SIM_URL, SIM_READY_S.
bench_simulators_start() {
  local port=$1 jar started
  shift
  jar=${BENCH_SIM_JAR:-$(bench_simulators_jar)}
  [[ -f "$jar" ]] || bench_die "$jar not found"
  local args=(--server.port="$port" --logging.level.root=WARN --logging.file.name="$BENCH_TMP/sim.log"
    --onpoint.simulator.daraja.callback-delay=0s --onpoint.simulator.daraja.cancel-delay=0s
    --server.tomcat.threads.max=400 --server.tomcat.max-connections=10000)
  (($(bench_java_major) >= 21)) && args+=(--spring.threads.virtual.enabled=true)
  SIM_URL="http://127.0.0.1:$port"
  bench_log "starting simulators on $SIM_URL ($jar)"
  started=$(bench_now)
  # shellcheck disable=SC2086 # BENCH_SIM_JAVA_OPTS: space-separated JVM flags
  env "${BENCH_UNSET_ENV[@]}" "$JAVA" -Xmx"${BENCH_SIM_HEAP:-512m}" ${BENCH_SIM_JAVA_OPTS:-} -jar "$jar" \
    "${args[@]}" "$@" >"$BENCH_TMP/sim.out" 2>&1 &
  SIM_PID=$!
  bench_wait_http "$SIM_URL/sim/daraja/__sim/stats" "$SIM_PID" simulators "${BENCH_READY_TIMEOUT:-300}"
  SIM_READY_S=$(bench_since "$started")
  bench_log "simulators ready after ${SIM_READY_S}s"
}

# bench_gateway_start JAR PORT DB_PORT [KEY=VALUE ...]: the gateway on a fresh embedded PostgreSQL in BENCH_TMP/pg,
# logs at WARN in BENCH_TMP. READY_S: seconds from exec to GET /actuator/health/readiness answering 200.
# BENCH_HEAP (1g) and BENCH_JAVA_OPTS (space-separated) are its JVM's; BENCH_APP_ENV (KEY=VALUE words) is added last.
bench_gateway_start() {
  local jar=$1 port=$2 db_port=$3 started
  shift 3
  [[ -f "$jar" ]] || bench_die "$jar not found"
  # (not "unzip | grep -q": grep leaves early, and under pipefail unzip's SIGPIPE fails the pipeline)
  grep -q 'embedded-postgres' <(unzip -l "$jar" 2>/dev/null) \
    || bench_die "$jar has no embedded PostgreSQL (built with -Dproduction?): use a jar built without it"
  local app_env_extra=() java_opts_extra=()
  read -r -a app_env_extra <<<"${BENCH_APP_ENV:-}"
  read -r -a java_opts_extra <<<"${BENCH_JAVA_OPTS:-}"
  BENCH_GATEWAY_ENV=(env "${BENCH_UNSET_ENV[@]}" EMBEDDED_DB_DIR="$BENCH_TMP/pg" EMBEDDED_DB_PORT="$db_port"
    LOG_LEVEL=WARN "$@" "${app_env_extra[@]}")
  APP_URL="http://127.0.0.1:$port"
  bench_log "starting gateway on $APP_URL ($jar, data in $BENCH_TMP)"
  started=$(bench_now)
  "${BENCH_GATEWAY_ENV[@]}" PORT="$port" LOG_FILE="$BENCH_TMP/app.log" \
    "$JAVA" -Xmx"${BENCH_HEAP:-1g}" "${java_opts_extra[@]}" -jar "$jar" >"$BENCH_TMP/app.out" 2>&1 &
  APP_PID=$!
  BENCH_JAR_STARTED=$jar
  bench_wait_http "$APP_URL/actuator/health/readiness" "$APP_PID" gateway "${BENCH_READY_TIMEOUT:-300}"
  READY_S=$(bench_since "$started")
  bench_log "gateway ready after ${READY_S}s"
}

# bench_cli COMMAND [ARGS...]: one of the jar's commands (create-merchant, re-encrypt, verify-ledger, ...) against
# the running embedded PostgreSQL (same data directory and port), its own log in BENCH_TMP/cli.log; stdout is the
# command's, stderr goes to BENCH_TMP/cli.err.
bench_cli() {
  "${BENCH_GATEWAY_ENV[@]}" PORT=0 LOG_FILE="$BENCH_TMP/cli.log" SCHEDULER_ENABLED=false \
    "$JAVA" -jar "$BENCH_JAR_STARTED" "$@" 2>"$BENCH_TMP/cli.err"
}

# A merchant and its secret test key (API_KEY), made by the jar's CLI against the running embedded PostgreSQL
# (same data directory and port).
bench_create_merchant() {
  local out keys
  out=$(bench_cli create-merchant --name Bench --email bench@onpoint.test | tr -d '\r') || {
    cat "$BENCH_TMP/cli.err" >&2
    bench_die "create-merchant failed"
  }
  keys=$(grep -E '^sk_test_[A-Za-z0-9]+$' <<<"$out" || true)
  [[ -n "$keys" && $(wc -l <<<"$keys") -eq 1 ]] || {
    printf '%s\n' "$out" >&2
    bench_die "expected exactly one sk_test_ line from create-merchant"
  }
  API_KEY=$keys
  bench_log "merchant created, key ${API_KEY:0:12}..."
}

# bench_psql DB_PORT [psql args]: the embedded server as postgres, errors fatal.
bench_psql() {
  local port=$1
  shift
  PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# bench_psql_file DB_PORT FILE [NAME=VALUE ...]: a SQL file of bench/sql (data generators) with psql variables
# (:NAME, :'NAME'), its wall time logged.
bench_psql_file() {
  local port=$1 file=$2 started var args=()
  shift 2
  for var in "$@"; do
    args+=(-v "$var")
  done
  started=$(bench_now)
  bench_psql "$port" "${args[@]}" -f "$file" || bench_die "$file failed"
  bench_log "$(basename "$file"): $(bench_since "$started") s"
}

# bench_register_owner EMAIL PASSWORD BUSINESS: a merchant and its owner through the API (POST /auth/register), as a
# merchant signs up. Sets OWNER_ACCESS (the owner's access token) and MERCHANT_PUBLIC_ID.
bench_register_owner() {
  local answer
  answer=$(curl -fsS -X POST "$APP_URL/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"business_name\":\"$3\",\"email\":\"$1\",\"password\":\"$2\",\"phone\":\"0712345678\"}") \
    || bench_die "POST /api/v1/auth/register failed"
  OWNER_ACCESS=$(sed -E 's/.*"access":"([^"]+)".*/\1/' <<<"$answer")
  MERCHANT_PUBLIC_ID=$(sed -E 's/.*"merchant":\{"id":"([^"]+)".*/\1/' <<<"$answer")
  [[ "$OWNER_ACCESS" != "$answer" && "$MERCHANT_PUBLIC_ID" != "$answer" ]] \
    || bench_die "unexpected answer to POST /api/v1/auth/register: $answer"
  bench_log "merchant $MERCHANT_PUBLIC_ID registered, owner $1"
}

# bench_percentiles FILE... : "p50 p95 p99 count" in ms of the latencies (microseconds) in the files' third column
# (pgbench --log lines: client transaction latency_us ...).
bench_percentiles() {
  cat "$@" | awk '{ print $3 }' | sort -n | awk '
    { v[NR] = $1 }
    function at(p,   i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; return v[i] / 1000 }
    END { if (NR == 0) print "- - - 0"; else printf "%.2f %.2f %.2f %d\n", at(0.5), at(0.95), at(0.99), NR }'
}

# ---------------------------------------------------------------- memory
bench_proc_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
bench_kb_to_mb() { awk -v kb="${1:-0}" 'BEGIN { printf "%.0f", kb / 1024 }'; }

# bench_rss_watch_start PID FILE: samples PID's VmRSS every 0.5 s in the background; FILE holds the peak (kB).
bench_rss_watch_start() {
  local pid=$1 file=$2
  echo 0 >"$file"
  (
    peak=0
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(bench_proc_kb "$pid" VmRSS)
      if [[ -n "$rss" ]] && ((rss > peak)); then
        peak=$rss
        echo "$peak" >"$file"
      fi
      sleep 0.5
    done
  ) &
  BENCH_RSS_WATCH_PID=$!
  BENCH_CHILDREN+=("$BENCH_RSS_WATCH_PID")
}

# bench_rss_watch_stop FILE: stops the sampler and prints the peak VmRSS in kB.
bench_rss_watch_stop() {
  kill "$BENCH_RSS_WATCH_PID" 2>/dev/null || true
  wait "$BENCH_RSS_WATCH_PID" 2>/dev/null || true
  cat "$1"
}
