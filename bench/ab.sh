#!/usr/bin/env bash
# A/B of two gateway jars on bench/initiate.sh: runs A, B, A, B, ... (RUNS each, alternating so that a machine that
# gets busier or quieter moves both), then prints every figure's runs, means and the ratio B/A. See bench/README.md.
#   bash bench/ab.sh JAR_A JAR_B [RUNS]         (RUNS: 3; every BENCH_* knob of initiate.sh applies to both)
#   BENCH_PHASES="ceiling saturation" bash bench/ab.sh /work/main/app/target/onpoint-pay.jar app/target/onpoint-pay.jar 4
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

[[ $# -ge 2 ]] || {
  echo "usage: bash bench/ab.sh JAR_A JAR_B [RUNS]" >&2
  exit 2
}
jar_a=$(realpath "$1")
jar_b=$(realpath "$2")
runs=${3:-3}
[[ -f "$jar_a" && -f "$jar_b" ]] || {
  echo "ab: both jars must exist" >&2
  exit 2
}
cd "$ROOT"
out_dir=${BENCH_OUT_DIR:-bench/out}
mkdir -p "$out_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
figures=$(mktemp)
trap 'rm -f "$figures"' EXIT
wrong=0

for ((i = 1; i <= runs; i++)); do
  for side in A B; do
    jar=$jar_a
    [[ "$side" == B ]] && jar=$jar_b
    echo "[ab] run $i/$runs $side: $jar" >&2
    log="$out_dir/ab-$stamp-$i$side.txt"
    rc=0
    BENCH_JAR="$jar" BENCH_STRICT=0 bash bench/initiate.sh >"$log" 2>"$log.err" || rc=$?
    if ((rc == 4)); then
      echo "[ab] run $i $side: integrity WRONG (see $log)" >&2
      wrong=1
    elif ((rc != 0)); then
      echo "[ab] run $i $side failed with $rc: last lines of $log.err" >&2
      tail -n 20 "$log.err" >&2
      exit 1
    fi
    rm -f "$log.err"
    grep '^BENCH_FIGURE ' "$log" | awk -v s="$side" '{ print s, $2, $3 }' >>"$figures"
    grep -A20 '^==== issue 13 targets' "$log" | sed -n '2,/^gateway VmHWM/p' | grep -v '^gateway VmHWM' \
      | sed "s/^/[ab] $i$side  /" >&2 || true
  done
done

{
  echo "==== A/B on bench/initiate.sh: $runs alternating runs each ($(date -u +%FT%TZ), $(nproc) CPUs) ===="
  echo "A: $jar_a"
  echo "B: $jar_b"
  echo "phases: ${BENCH_PHASES:-all}; duration ${BENCH_DURATION:-30s}, warm-up ${BENCH_WARMUP:-10s}"
  awk '
    { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      v[$1, key] = v[$1, key] (v[$1, key] == "" ? "" : " ") $3; sum[$1, key] += $3; cnt[$1, key]++ }
    END {
      printf "%-26s %-32s %-10s %-32s %-10s %s\n", "figure", "A runs", "A mean", "B runs", "B mean", "B/A"
      for (i = 1; i <= n; i++) {
        k = order[i]
        ma = cnt["A", k] ? sum["A", k] / cnt["A", k] : 0; mb = cnt["B", k] ? sum["B", k] / cnt["B", k] : 0
        printf "%-26s %-32s %-10.2f %-32s %-10.2f %s\n", k, v["A", k], ma, v["B", k], mb, (ma != 0 ? sprintf("%.3f", mb / ma) : "n/a")
      }
    }' "$figures"
  echo "(payments/s, ratios: higher is better; ms, s, MB, commits and statements: lower is better)"
  ((wrong == 0)) || echo "WRONG: at least one run failed its integrity check (see $out_dir/ab-$stamp-*.txt)"
} | tee "$out_dir/ab-$stamp.txt"
((wrong == 0)) || exit 4
