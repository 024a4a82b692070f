#!/usr/bin/env bash
# Outbox fan-out to merchant webhooks: runs bench/initiate.sh with every payment carrying a callback_url
# that points at a local receiver (bench/webhook-receiver.py), then prints how many events per second
# reached the receiver, duplicates, and how long the backlog took to drain after the load stopped.
#   bash bench/fanout.sh        (BENCH_* variables of initiate.sh apply)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18090}
STATS="http://127.0.0.1:$RECEIVER_PORT/stats"

python3 bench/webhook-receiver.py "$RECEIVER_PORT" &
receiver_pid=$!
trap 'kill "$receiver_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS -m 1 -o /dev/null "$STATS" 2>/dev/null && break; sleep 0.1; done

out=$(mktemp)
BENCH_CALLBACK_URL="http://127.0.0.1:$RECEIVER_PORT/hook" BENCH_DRAIN_STATS_URL="$STATS" \
  BENCH_APP_ENV="WEBHOOK_ALLOW_PRIVATE_TARGETS=true ${BENCH_APP_ENV:-}" bash bench/initiate.sh | tee "$out"

stats=$(curl -fsS "$STATS")
python3 - "$stats" "$out" <<'PY'
import json, re, sys
s = json.loads(sys.argv[1])
text = open(sys.argv[2]).read()
drain = re.search(r"BENCH_DRAIN events=(\d+) at_load_end=(\d+) after_load_s=([\d.]+)", text)
pps = re.search(r"payments/s \(201\)\s+([\d.]+)", text)
span = (s["last"] - s["first"]) if s["first"] else 0
print("==== OnPoint Pay bench: outbox fan-out to webhooks (warm-up + measured run) ====")
print(f"events delivered    {s['unique']} unique, {s['received'] - s['unique']} duplicates")
print(f"fan-out rate        {s['unique'] / span:.0f} events/s over {span:.1f} s at the receiver" if span else "no events")
if pps:
    rate = float(pps.group(1))
    print(f"events generated    ~{2 * rate:.0f}/s (2 per payment at {rate:.0f} payments/s in the measured run)")
if drain:
    backlog, secs = int(drain.group(1)) - int(drain.group(2)), float(drain.group(3))
    print(f"backlog drained     {backlog} events in {secs} s after the load stopped"
          + (f" ({backlog / secs:.0f} events/s with the CPUs to itself)" if secs > 0 else ""))
PY
rm -f "$out"
