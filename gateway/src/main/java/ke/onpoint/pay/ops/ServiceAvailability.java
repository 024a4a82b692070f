package ke.onpoint.pay.ops;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

import ke.onpoint.pay.api.ApiAvailability;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the API can serve requests now: its Camel routes exist (for a few seconds after each start they do not),
 * and the database answered. Once a request finds the database unreachable, every request is answered 503 at once
 * instead of each waiting for the pool's timeout, until a probe outside the pool connects again. Also the
 * {@code gateway} health indicator, part of readiness.
 */
@Component("gatewayHealthIndicator")
public class ServiceAvailability implements ApiAvailability, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ServiceAvailability.class);
    private static final long PROBE_EVERY_MS = 1_000;
    private static final int PROBE_TIMEOUT_S = 2;

    private final ObjectProvider<CamelContext> camel;
    private final DataSource dataSource;
    private final ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters;
    private final AtomicBoolean databaseDown = new AtomicBoolean();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "database-probe");
        thread.setDaemon(true);
        return thread;
    });

    public ServiceAvailability(
            ObjectProvider<CamelContext> camel,
            DataSource dataSource,
            ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        this.camel = camel;
        this.dataSource = dataSource;
        this.meters = meters;
    }

    /** Counts an API request answered 503 without being served ({@code onpoint.api.unavailable}, by reason). */
    @Override
    public void refused(String reason) {
        io.micrometer.core.instrument.MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            registry.counter("onpoint.api.unavailable", "reason", reason).increment();
        }
    }

    /** The routes that serve the API have started (Camel starts after the web server). */
    @Override
    public boolean routesUp() {
        CamelContext context = camel.getIfAvailable();
        return context != null && context.getStatus().isStarted();
    }

    @Override
    public boolean databaseDown() {
        return databaseDown.get();
    }

    /** A request could not reach the database: answer the next ones at once, until a probe connects. */
    @Override
    public void databaseUnreachable() {
        if (databaseDown.compareAndSet(false, true)) {
            log.error("The database is unreachable: API requests are answered 503 until it answers again");
            prober.schedule(this::probe, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Outside the pool, so a probe never takes a connection slot or waits for the pool's timeout. */
    private void probe() {
        try (Connection connection = connect()) {
            if (connection.isValid(PROBE_TIMEOUT_S)) {
                databaseDown.set(false);
                log.info("The database answers again");
                return;
            }
        } catch (SQLException | RuntimeException stillDown) {
            log.debug("Database probe failed: {}", stillDown.getMessage());
        }
        prober.schedule(this::probe, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private Connection connect() throws SQLException {
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari) {
            DriverManager.setLoginTimeout(PROBE_TIMEOUT_S);
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    @Override
    public Health health() {
        if (!routesUp()) {
            return Health.outOfService()
                    .withDetail("reason", "the API routes are starting")
                    .build();
        }
        if (databaseDown()) {
            return Health.down()
                    .withDetail("reason", "the database is unreachable")
                    .build();
        }
        return Health.up().build();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}
