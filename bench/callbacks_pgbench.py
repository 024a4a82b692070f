#!/usr/bin/env python3
"""Builds bench/callbacks.sh's pgbench script from the SQL the gateway ran for each STK callback.

Input (JSON on stdin, made by callbacks.sh with psql):
  {"statements": [normalised query text from pg_stat_statements, in the order the callback runs them],
   "constants":  {name: value, ...}   values read back from a payment the gateway completed in the run}
Writes the pgbench script to argv[1] and the -D arguments (NUL-separated) to argv[2].

Every statement is kept exactly as pg_stat_statements shows it; only its placeholders ($1, $2, ...) become pgbench
variables, one binding per statement below. pg_stat_statements also turns the statement's literals into
placeholders (a NULL, the 1 of RETURNING 1) when it first sees the statement parsed, numbered after the parameters;
those are put back as the literals they were (a statement already prepared before the reset keeps its literals).
A statement with no binding, or whose placeholders match neither form, stops the run: the callback path changed,
and this file must follow it.

Each pgbench transaction completes its own pending payment: client c's k-th transaction takes CheckoutRequestID
co_base + c * stride + k (the batch callbacks.sh made for pgbench), whose row the SELECT ... FOR UPDATE reads into
p_* variables, as the gateway reads it before updating it.
"""
import json
import re
import sys

# (pattern on the statement, value of each parameter in order, the literals pg_stat_statements may have turned into
# placeholders after them, text that ends the command instead of ";")
BINDINGS = [
    (r"^INSERT INTO processed_messages \(processor, message_id\)", [":processor", ":co"], [], None),
    (r"^SELECT \* FROM payments WHERE checkout_request_id = \$1 FOR UPDATE$", [":co"], [], r"\gset p_"),
    (
        r"^UPDATE payments SET status = \$1, failure_code = \$2",
        # status, failure_code, failure_reason, fee, receipt, paid_phone (encrypted), paid_at, completing,
        # id, from statuses; then next_check_at = NULL
        [":status", "NULL", "NULL", ":fee", ":co", ":paid_phone", ":paid_at", ":completing", ":p_id",
         ":from_statuses"],
        ["NULL"],
        None,
    ),
    (
        r"^WITH posting AS \(\s*INSERT INTO ledger_postings",
        # kind, reference, merchant, mode, gross, fee, then (account, amount, currency, settle_on) per entry, filled
        # in from the constants; then the 1 of RETURNING 1
        [":posting_kind", ":p_reference", ":p_merchant_id", ":p_mode", ":p_amount_minor", ":fee", "ENTRIES"],
        ["1"],
        None,
    ),
    (
        r"^INSERT INTO outbox_events \(event_id, merchant_id, mode, aggregate_reference, event_type, payload\) VALUES",
        [":co", ":p_merchant_id", ":p_mode", ":p_reference", ":event_type", ":event_payload"],
        [],
        None,
    ),
    (
        r"^INSERT INTO provider_callbacks \(provider, kind, correlation_id, outcome, note, source_ip, payload, "
        r"payload_length\)",
        [":provider", ":callback_kind", ":co", ":outcome", ":note", ":source_ip", ":callback_payload",
         ":callback_payload_length"],
        [],
        None,
    ),
]

PLACEHOLDER = re.compile(r"\$(\d+)")


def die(message):
    sys.stderr.write("callbacks_pgbench.py: " + message + "\n")
    sys.exit(1)


def bind(text, constants):
    for pattern, values, literals, ending in BINDINGS:
        if not re.search(pattern, text):
            continue
        if "ENTRIES" in values:
            at = values.index("ENTRIES")
            entries = []
            for n in range(1, int(constants["entry_count"]) + 1):
                entries += [f":entry{n}_account", f":entry{n}_amount", f":entry{n}_currency", f":entry{n}_settle_on"]
            values = values[:at] + entries + values[at + 1:]
        numbers = sorted({int(n) for n in PLACEHOLDER.findall(text)})
        if numbers == list(range(1, len(values) + len(literals) + 1)):
            values = values + literals
        elif numbers != list(range(1, len(values) + 1)):
            die(f"the placeholders of this statement ({len(numbers)}) match neither its {len(values)} parameters "
                f"nor those and its {len(literals)} literals; update BINDINGS:\n{text}")
        # a constant the gateway bound as NULL (an entry without settle_on) stays NULL: pgbench sends "" otherwise
        values = ["NULL" if v.startswith(":") and v[1:] in constants and constants[v[1:]] is None else v
                  for v in values]
        body = PLACEHOLDER.sub(lambda m: values[int(m.group(1)) - 1], text.strip())
        return body + (" " + ending if ending else ";")
    die("no pgbench binding for this statement of the callback path; add one to BINDINGS:\n" + text)


def main():
    if len(sys.argv) != 3:
        die("usage: callbacks_pgbench.py SCRIPT_OUT DEFINES_OUT < input.json")
    data = json.load(sys.stdin)
    statements, constants = data["statements"], data["constants"]
    if not statements:
        die("no statements")
    lines = [
        "-- generated by bench/callbacks_pgbench.py: the gateway's STK callback transaction, statement for statement",
        r"\set k :k + 1",
        r"\set co :co_base + :client_id * :stride + :k",
        "BEGIN;",
    ]
    lines += [bind(text, constants) for text in statements]
    lines.append("COMMIT;")
    with open(sys.argv[1], "w") as script:
        script.write("\n".join(lines) + "\n")
    with open(sys.argv[2], "wb") as defines:
        for name, value in constants.items():
            if name == "entry_count" or value is None:
                continue
            defines.write(f"-D{name}={'' if value is None else value}".encode() + b"\0")


if __name__ == "__main__":
    main()
