package ke.onpoint.pay.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.ops.SystemStatus;
import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.reconciliation.Reconciliations;
import ke.onpoint.pay.webhook.FailingWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauges an operator watches, read through the services the console's system page uses: the outbox's and the
 * webhook deliveries' backlogs (how many wait, how old the oldest is), each circuit breaker's state on this instance,
 * and the open reconciliation mismatches per provider. What they read is kept for {@code onpoint.metrics.gauge-refresh}
 * (10 s): a scrape reads a few cheap, indexed counts at most that often, never one query per gauge per scrape.
 */
@Component
class OperationsGauges {

    private static final Logger log = LoggerFactory.getLogger(OperationsGauges.class);
    /** The states a breaker gauge is kept for: resilience4j's, and before its route first ran. */
    static final List<String> BREAKER_STATES = List.of("CLOSED", "OPEN", "HALF_OPEN", "NOT_STARTED");

    /** What the gauges show, as read at {@code readAt}. */
    record Snapshot(
            Outbox.Backlog outbox,
            FailingWebhooks.Backlog webhooks,
            Map<String, String> breakerStates,
            Map<String, Long> openMismatches,
            long readAt) {}

    private final MeterRegistry meters;
    private final Outbox outbox;
    private final FailingWebhooks webhooks;
    private final SystemStatus status;
    private final Reconciliations reconciliations;
    private final JdbcTemplate jdbc;
    private final long refreshMillis;
    private volatile Snapshot snapshot;

    OperationsGauges(
            MeterRegistry meters,
            Outbox outbox,
            FailingWebhooks webhooks,
            SystemStatus status,
            Reconciliations reconciliations,
            JdbcTemplate jdbc,
            @Value("${onpoint.metrics.gauge-refresh:10s}") Duration refresh) {
        this.meters = meters;
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.status = status;
        this.reconciliations = reconciliations;
        this.jdbc = jdbc;
        this.refreshMillis = refresh.toMillis();
    }

    /** Registered once the routes run, so every breaker of every route is known. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        gauge(
                "onpoint.outbox.backlog",
                "Outbox events not yet fanned out to webhooks and the event routes",
                null,
                () -> snapshot().outbox().count());
        gauge(
                "onpoint.outbox.backlog.oldest.age",
                "Age of the oldest outbox event not yet fanned out",
                "seconds",
                () -> age(snapshot().outbox().oldest()));
        gauge(
                "onpoint.webhook.backlog",
                "Webhook deliveries waiting to be sent, first tries and retries",
                null,
                () -> snapshot().webhooks().count());
        gauge(
                "onpoint.webhook.backlog.oldest.age",
                "Age of the oldest webhook delivery waiting",
                "seconds",
                () -> age(snapshot().webhooks().oldest()));
        for (SystemStatus.Breaker breaker : status.breakers()) {
            for (String state : BREAKER_STATES) {
                Gauge.builder(
                                "onpoint.circuit.breaker.state",
                                this,
                                g -> state.equals(g.snapshot().breakerStates().get(breaker.id())) ? 1 : 0)
                        .description("1 for the circuit breaker's current state on this instance, 0 for the others")
                        .tag("breaker", breaker.id())
                        .tag("state", state)
                        .register(meters);
            }
        }
        for (String provider : reconciliations.providers()) {
            Gauge.builder(
                            "onpoint.reconciliation.mismatches.open",
                            this,
                            g -> g.snapshot().openMismatches().getOrDefault(provider, 0L))
                    .description("Reconciliation review items still open")
                    .tag("provider", provider)
                    .register(meters);
        }
    }

    private void gauge(String name, String description, String unit, java.util.function.DoubleSupplier value) {
        Gauge.builder(name, value, java.util.function.DoubleSupplier::getAsDouble)
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(meters);
    }

    private static double age(Instant oldest) {
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** The last reading, read again when older than the refresh period; the last good one if the database fails. */
    Snapshot snapshot() {
        Snapshot known = snapshot;
        if (known != null && System.currentTimeMillis() - known.readAt() < refreshMillis) {
            return known;
        }
        synchronized (this) {
            known = snapshot;
            if (known != null && System.currentTimeMillis() - known.readAt() < refreshMillis) {
                return known;
            }
            snapshot = read(known);
            return snapshot;
        }
    }

    private Snapshot read(Snapshot previous) {
        Map<String, String> breakers = new java.util.HashMap<>();
        status.breakers().forEach(b -> breakers.put(b.id(), b.state()));
        try {
            Map<String, Long> open = new java.util.HashMap<>();
            // the open items' index (status, provider, id) answers this without reading the reports
            jdbc.query(
                    "SELECT provider, count(*) FROM reconciliation_items WHERE status = 'open' GROUP BY provider",
                    rs -> {
                        open.put(rs.getString(1), rs.getLong(2));
                    });
            return new Snapshot(outbox.backlog(), webhooks.backlog(), breakers, open, System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.debug("Gauges not refreshed: {}", e.getMessage());
            Snapshot stale = previous != null
                    ? previous
                    : new Snapshot(
                            new Outbox.Backlog(0, null), new FailingWebhooks.Backlog(0, null), breakers, Map.of(), 0);
            // tried again after a refresh period, not on every gauge of this scrape
            return new Snapshot(
                    stale.outbox(), stale.webhooks(), breakers, stale.openMismatches(), System.currentTimeMillis());
        }
    }
}
