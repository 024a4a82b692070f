#!/usr/bin/env bash
# Issue 13, target 6: start to ready. Starts the gateway N times on a fresh embedded PostgreSQL each (initdb and all
# 18 migrations), then again on the last run's data (a second start: no initdb, no migration), and, alternately with
# the fresh starts, a minimal Spring Boot app on the same JVM as the baseline (the standalone simulators jar: one
# Tomcat, no database, no Camel), so the ratio holds on a busy machine. See bench/README.md ("startup.sh").
#   bash bench/startup.sh
#   BENCH_AOT=ab BENCH_STARTUP_RUNS=3 bash bench/startup.sh     # with and without the AOT cache, alternately
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${BENCH_PORT:-18060}
DB_PORT=${BENCH_DB_PORT:-15460}
SIM_PORT=${BENCH_SIM_PORT:-18061}
JAR=${BENCH_JAR:-app/target/onpoint-pay-sandbox.jar}
RUNS=${BENCH_STARTUP_RUNS:-5}
WARM_RUNS=${BENCH_STARTUP_WARM_RUNS:-2}
AOT=${BENCH_AOT:-1}
OUT_DIR=${BENCH_OUT_DIR:-bench/out}
TARGET_READY_S=${BENCH_TARGET_READY_S:-8}
[[ "$AOT" =~ ^(0|1|ab)$ ]] || bench_die "BENCH_AOT must be 0, 1 or ab"
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$WARM_RUNS" =~ ^[0-9]+$ ]] || bench_die "BENCH_STARTUP_RUNS >= 1, WARM_RUNS >= 0"

bench_tools curl unzip
bench_java
bench_build_if_missing "$JAR"
unzip -l "$JAR" 2>/dev/null | grep 'embedded-postgres' >/dev/null \
  || bench_die "$JAR has no embedded PostgreSQL (built with -Dproduction?): use a jar built without it"
SIM_JAR=${BENCH_SIM_JAR:-$(bench_simulators_jar)}
bench_ports_free "$PORT" "$DB_PORT" "$SIM_PORT"
bench_init startup
report=$BENCH_TMP/report.txt
: >"$report"
say() { printf '%s\n' "$@" | tee -a "$report"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
load_at_start=$(load_avg)

read -r -a JAVA_OPTS_EXTRA <<<"${BENCH_JAVA_OPTS:-}"
read -r -a APP_ENV_EXTRA <<<"${BENCH_APP_ENV:-}"
HEAP=${BENCH_HEAP:-1g}

# ---------------------------------------------------------------- the AOT cache (bin/aot-cache)
# Kept beside the jar (app/target/aot/<name>/) and made again when the jar is newer than it; the training run uses
# the flags the measured runs use.
AOT_JAR="" AOT_OPTS=""
if [[ "$AOT" != 0 ]]; then
  major=$(bench_java_major)
  ((major >= 25)) || bench_die "BENCH_AOT needs Java 25+ (this is $major): BENCH_AOT=0"
  name=$(basename "$JAR" .jar)
  aot_dir=${BENCH_AOT_DIR:-$(dirname "$JAR")/aot/$name}
  if [[ ! -s "$aot_dir/$name.aot" || "$JAR" -nt "$aot_dir/$name.aot" || "${BENCH_AOT_REBUILD:-0}" == 1 ]]; then
    bench_log "building the AOT cache in $aot_dir (bin/aot-cache: extract, one training run)"
    JAVA=$JAVA AOT_JAVA_OPTS="-Xmx$HEAP ${BENCH_JAVA_OPTS:-}" AOT_TRAIN_PORT=$PORT AOT_TRAIN_DB_PORT=$DB_PORT \
      bin/aot-cache "$JAR" "$aot_dir" >"$BENCH_TMP/aot-cache.out" 2>&1 || {
      tail -n 30 "$BENCH_TMP/aot-cache.out" >&2
      bench_die "bin/aot-cache failed"
    }
  fi
  AOT_JAR=$(realpath "$aot_dir/$name.jar")
  AOT_OPTS=-XX:AOTCache=$(realpath "$aot_dir/$name.aot")
fi

# ---------------------------------------------------------------- one start
# start_one KIND DATA_DIR: starts, waits for readiness, records "KIND seconds cpu_s rss_mb", stops.
# KIND: gateway | gateway-plain (no cache, in ab mode) | warm | baseline.
results=$BENCH_TMP/results.txt
: >"$results"
cpu_s() { # the process's CPU seconds (user + system, its reaped children included: initdb)
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat" 2>/dev/null || echo n/a
}
start_one() {
  local kind=$1 data=$2 cmd url started ready cpu rss
  case "$kind" in
    baseline)
      cmd=("$JAVA" -Xmx"$HEAP" "${JAVA_OPTS_EXTRA[@]}" -jar "$SIM_JAR" --server.port="$SIM_PORT"
        --logging.file.name="$data/sim.log")
      url="http://127.0.0.1:$SIM_PORT/sim/daraja/__sim/stats"
      ;;
    gateway-plain)
      cmd=("$JAVA" -Xmx"$HEAP" "${JAVA_OPTS_EXTRA[@]}" -jar "$JAR")
      url="http://127.0.0.1:$PORT/actuator/health/readiness"
      ;;
    *)
      if [[ -n "$AOT_JAR" ]]; then
        cmd=("$JAVA" -Xmx"$HEAP" "${JAVA_OPTS_EXTRA[@]}" "$AOT_OPTS" -jar "$AOT_JAR")
      else
        cmd=("$JAVA" -Xmx"$HEAP" "${JAVA_OPTS_EXTRA[@]}" -jar "$JAR")
      fi
      url="http://127.0.0.1:$PORT/actuator/health/readiness"
      ;;
  esac
  mkdir -p "$data"
  started=$(bench_now)
  if [[ "$kind" == baseline ]]; then
    env "${BENCH_UNSET_ENV[@]}" "${cmd[@]}" >"$data/sim.out" 2>&1 &
    SIM_PID=$!
    bench_wait_http "$url" "$SIM_PID" simulators "${BENCH_READY_TIMEOUT:-300}"
    ready=$(bench_since "$started")
    cpu=$(cpu_s "$SIM_PID") rss=$(bench_kb_to_mb "$(bench_proc_kb "$SIM_PID" VmRSS)")
    bench_simulators_stop
  else
    env "${BENCH_UNSET_ENV[@]}" EMBEDDED_DB_DIR="$data/pg" EMBEDDED_DB_PORT="$DB_PORT" PORT="$PORT" \
      LOG_FILE="$data/app.log" "${APP_ENV_EXTRA[@]}" "${cmd[@]}" >>"$data/app.out" 2>&1 &
    APP_PID=$!
    bench_wait_http "$url" "$APP_PID" gateway "${BENCH_READY_TIMEOUT:-300}"
    ready=$(bench_since "$started")
    cpu=$(cpu_s "$APP_PID") rss=$(bench_kb_to_mb "$(bench_proc_kb "$APP_PID" VmRSS)")
    # the cache in use (a stale one is refused with a warning, and the start is as slow as without)
    if [[ "$kind" != gateway-plain && -n "$AOT_JAR" ]] && grep -q 'error.*\[aot\]' "$data/app.out"; then
      bench_log "WARNING: the JVM refused the AOT cache: $(grep '\[aot\]' "$data/app.out" | head -n3 | tr '\n' ' ')"
    fi
    bench_stop_pid "$APP_PID" gateway 30
    APP_PID=""
    bench_stop_leftover_postgres
  fi
  bench_log "$kind: ready after ${ready}s, ${cpu} CPU s, RSS ${rss} MB (load $(load_avg))"
  echo "$kind $ready $cpu $rss" >>"$results"
}

# ---------------------------------------------------------------- runs
bench_log "$RUNS fresh starts alternating with the baseline, then $WARM_RUNS second starts; jar $JAR, AOT $AOT"
for ((i = 1; i <= RUNS; i++)); do
  start_one gateway "$BENCH_TMP/run$i"
  if [[ "$AOT" == ab ]]; then
    start_one gateway-plain "$BENCH_TMP/plain$i"
  fi
  start_one baseline "$BENCH_TMP/base$i"
done
for ((i = 1; i <= WARM_RUNS; i++)); do
  start_one warm "$BENCH_TMP/run$RUNS"
done

# ---------------------------------------------------------------- summary
# stats KIND COLUMN: "p50 min max mean n" of one column (2 seconds, 3 CPU s, 4 RSS MB) over KIND's runs
stats() {
  awk -v k="$1" -v c="$2" '$1 == k && $c != "n/a" { print $c }' "$results" | sort -g | awk '
    { v[NR] = $1; s += $1 }
    END { if (NR == 0) { print "n/a n/a n/a n/a 0"; exit }
          p50 = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "%.1f %.1f %.1f %.1f %d\n", p50, v[1], v[NR], s / NR, NR }'
}
runs_of() { awk -v k="$1" -v c="$2" '$1 == k { printf "%s%s", sep, $c; sep = " " }' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.2f", a / b }'; }

line() { printf '%-26s %-8s %-6s %-6s %-8s %-10s %-8s %s\n' "$@"; }
say "" "==== issue 13 target 6: start to ready ($(date -u +%FT%TZ), $(nproc) CPUs, load $load_at_start at start, $(load_avg) at end) ===="
say "gateway: $JAR$([[ -n "$AOT_JAR" ]] && echo " with the AOT cache ($AOT_JAR, $AOT_OPTS)")"
say "JVM: $("$JAVA" -version 2>&1 | head -n1); -Xmx$HEAP ${BENCH_JAVA_OPTS:-}"
say "baseline: $SIM_JAR (a minimal Spring Boot app: Tomcat, no database, no Camel), same JVM and flags"
say "$(line start 'p50 s' 'min' 'max' 'mean' 'CPU s p50' 'RSS MB' 'runs (s)')"
kinds=(gateway)
[[ "$AOT" == ab ]] && kinds+=(gateway-plain)
((WARM_RUNS > 0)) && kinds+=(warm)
kinds+=(baseline)
for kind in "${kinds[@]}"; do
  read -r p50 min max mean n <<<"$(stats "$kind" 2)"
  read -r cpu50 _ <<<"$(stats "$kind" 3)"
  read -r rss50 _ <<<"$(stats "$kind" 4)"
  case "$kind" in
    gateway) label="gateway, fresh DB$([[ -n "$AOT_JAR" ]] && echo ', AOT')" ;;
    gateway-plain) label="gateway, fresh DB, plain" ;;
    warm) label="gateway, second start" ;;
    baseline) label="baseline (simulators)" ;;
  esac
  say "$(line "$label" "$p50" "$min" "$max" "$mean" "$cpu50" "$rss50" "$(runs_of "$kind" 2)")"
  eval "P50_${kind//-/_}=$p50 CPU_${kind//-/_}=$cpu50 RSS_${kind//-/_}=$rss50"
done
ready_ratio=$(ratio "$P50_gateway" "$P50_baseline")
cpu_ratio=$(ratio "$CPU_gateway" "$CPU_baseline")
verdict=$(awk -v a="$P50_gateway" -v t="$TARGET_READY_S" 'BEGIN { print (a != "n/a" && a + 0 <= t + 0) ? "PASS" : "SHORT" }')
say "ratio gateway/baseline: start to ready $ready_ratio, CPU $cpu_ratio (p50s)"
if [[ "$AOT" == ab ]]; then
  say "AOT cache: start to ready $(ratio "$P50_gateway" "$P50_gateway_plain") of plain, CPU $(ratio "$CPU_gateway" "$CPU_gateway_plain")"
fi
say "RSS after start: ${RSS_gateway} MB (p50, JVM only; at full load: bench/initiate.sh)"
say "target: start to ready <= ${TARGET_READY_S} s (fresh DB, p50): $verdict ($P50_gateway s)"
say "CPUs are shared with whatever else runs: on a busy machine compare the ratio, and means of alternating runs."
for f in ready_p50_s="$P50_gateway" ready_warm_p50_s="${P50_warm:-}" ready_plain_p50_s="${P50_gateway_plain:-}" \
  baseline_ready_p50_s="$P50_baseline" ready_ratio="$ready_ratio" cpu_p50_s="$CPU_gateway" \
  baseline_cpu_p50_s="$CPU_baseline" rss_after_start_mb="$RSS_gateway"; do
  if [[ -n "${f#*=}" && "${f#*=}" != n/a ]]; then say "BENCH_FIGURE ${f%%=*} ${f#*=}"; fi
done

mkdir -p "$OUT_DIR"
out_file="$OUT_DIR/startup-$(date -u +%Y%m%dT%H%M%SZ).txt"
{ cat "$report"; printf '\n# runs: kind seconds cpu_s rss_mb\n'; cat "$results"; } >"$out_file"
bench_log "saved $out_file"
bench_ok
if [[ "${BENCH_STRICT:-0}" == 1 && "$verdict" != PASS ]]; then
  exit 3
fi
