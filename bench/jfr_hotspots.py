#!/usr/bin/env python3
"""Where a gateway's CPU went, from a flight recording's execution samples (bench/callbacks.sh with BENCH_JFR=1).

  jfr print --json --stack-depth 512 --events jdk.ExecutionSample rec.jfr | python3 bench/jfr_hotspots.py

Prints the share of samples (Java code on CPU) by layer of the sampled frame (its own time), by gateway step
(every sample whose stack passes through that method: inclusive time), and the top methods by own time.
A sample's stack is cut at the recording's stack depth (callbacks.sh asks for 512): a cut stack counts for the
steps it still shows, and the number of cut stacks is printed.
"""
import collections
import json
import sys

# (layer, prefixes of the frame's class): first match wins, so the more specific prefixes come first
LAYERS = [
    ("gateway code (ke.onpoint)", ["ke.onpoint."]),
    ("PostgreSQL JDBC driver", ["org.postgresql."]),
    ("HikariCP", ["com.zaxxer.hikari."]),
    ("Jackson", ["com.fasterxml.jackson."]),
    ("Camel", ["org.apache.camel."]),
    ("Spring Security", ["org.springframework.security."]),
    ("Spring transactions / JDBC", ["org.springframework.transaction.", "org.springframework.jdbc."]),
    ("Spring MVC / web", ["org.springframework.web.", "org.springframework.http."]),
    ("Spring core / AOP / beans", ["org.springframework."]),
    ("Tomcat / servlet", ["org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "jakarta.servlet."]),
    ("logging", ["ch.qos.logback.", "org.slf4j.", "org.apache.logging."]),
    ("Micrometer / observation", ["io.micrometer."]),
    ("JDK crypto", ["javax.crypto.", "com.sun.crypto.", "sun.security."]),
    ("JDK other", ["java.", "javax.", "jdk.", "sun.", "com.sun."]),
]

# gateway steps of the STK callback path, counted inclusively (class.method prefixes)
STEPS = [
    ("on Tomcat's request threads (filters, MVC dispatch, async start and end, response)",
     "org.apache.coyote.AbstractProtocol$ConnectionHandler.process"),
    ("  Spring Security filter chain (with its observation wrapper)",
     "org.springframework.security.web.FilterChainProxy.doFilter"),
    ("  Spring MVC dispatch", "org.springframework.web.servlet.DispatcherServlet.doDispatch"),
    ("  async dispatch back into the servlet (AsyncContextImpl)", "org.apache.catalina.core.AsyncContextImpl"),
    ("on the route's worker threads (Camel platform-http hands the exchange over)",
     "org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer$$Lambda"),
    ("  callback admitted (token, source, JSON parse)", "ke.onpoint.pay.mpesa.DarajaNotifications.admit"),
    ("    StkCallbackParser.parse", "ke.onpoint.pay.mpesa.StkCallbackParser.parse"),
    ("  Camel transacted + idempotent consumer (with all they run)",
     "org.apache.camel.spring.spi.TransactionErrorHandler"),
    ("    idempotent key expression (simple/bean language)", "org.apache.camel.language.bean.BeanExpression"),
    ("    transaction begin/commit (Spring)", "org.springframework.transaction.support.AbstractPlatformTransactionManager"),
    ("    dedupe insert (ProcessedMessages)", "ke.onpoint.pay.payment.ProcessedMessages"),
    ("    StkCallbacks.applyCallback (lock, check, apply, record)", "ke.onpoint.pay.mpesa.StkCallbacks.applyCallback"),
    ("      PaymentRepository (lock, transition, row mapping)", "ke.onpoint.pay.payment.PaymentRepository"),
    ("      FieldCipher (paid phone encrypt, row decrypt)", "ke.onpoint.pay.security.FieldCipher"),
    ("      PaymentTransitions.apply", "ke.onpoint.pay.payment.PaymentTransitions.apply"),
    ("      CapturePostings (fee, posting)", "ke.onpoint.pay.payment.CapturePostings"),
    ("      Ledger.post", "ke.onpoint.pay.ledger.Ledger.post"),
    ("      Outbox.append (event JSON, insert)", "ke.onpoint.pay.payment.Outbox.append"),
    ("      ProviderCallbacks.record", "ke.onpoint.pay.payment.ProviderCallbacks.record"),
    ("JdbcTemplate (all statements)", "org.springframework.jdbc.core.JdbcTemplate"),
    ("HikariCP (all)", "com.zaxxer.hikari."),
    ("PostgreSQL JDBC driver (all)", "org.postgresql."),
    ("Micrometer observation (all)", "io.micrometer."),
    ("logging (all)", "ch.qos.logback."),
]


def frame_name(frame):
    return frame["method"]["type"]["name"].replace("/", ".") + "." + frame["method"]["name"]


def main():
    events = json.load(sys.stdin)["recording"]["events"]
    own_layer, own_method, steps = collections.Counter(), collections.Counter(), collections.Counter()
    samples = cut = 0
    for event in events:
        stack = event["values"].get("stackTrace")
        if not stack or not stack["frames"]:
            continue
        samples += 1
        cut += 1 if stack.get("truncated") else 0
        names = [frame_name(f) for f in stack["frames"]]
        own_method[names[0]] += 1
        own_layer[next((layer for layer, prefixes in LAYERS if names[0].startswith(tuple(prefixes))), "other")] += 1
        for step, prefix in STEPS:
            if any(name.startswith(prefix) for name in names):
                steps[step] += 1
    if samples == 0:
        print("no execution samples")
        return

    def pct(n):
        return f"{n:6d} {100.0 * n / samples:5.1f}%"

    print(f"{samples} execution samples ({cut} stacks cut at the recording's depth)")
    print("\nown time by layer (the sampled frame's library):")
    for layer, n in own_layer.most_common():
        print(f"  {pct(n)}  {layer}")
    print("\ninclusive time by step (samples whose stack passes through it):")
    for step, _ in STEPS:
        print(f"  {pct(steps[step])}  {step}")
    print("\ntop methods by own time:")
    for name, n in own_method.most_common(25):
        print(f"  {pct(n)}  {name}")


if __name__ == "__main__":
    main()
