package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import ke.onpoint.pay.support.GatewayTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database stops under a running gateway: API requests are answered 503 problem+json with Retry-After at once
 * (not 500s after the pool's timeout each), and the gateway serves again once the database is back. This class
 * runs its own PostgreSQL server, so stopping it touches no other test's database.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseOutageIT extends GatewayTest {

    private static final int OWN_PORT = freePort();
    private static final int DB_PORT = freePort();
    private static final Path DATA = dataDirectory();
    private static EmbeddedPostgres postgres;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        postgres = startPostgres();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres)));
        registry.add("onpoint.test.port", () -> OWN_PORT);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-db-outage");
        registry.add("onpoint.embedded-db.enabled", () -> "false");
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + DB_PORT + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @Test
    void databaseDownIsAFast503WithRetryAfterNotSlow500s() {
        String key = newMerchantKey();
        assertThat(get("/api/v1/payments/transactions", key).status()).isEqualTo(200);
        double answeredAtOnceBefore = answeredAtOnce();

        stop(postgres);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(get("/api/v1/payments/transactions", key));
            replies.add(initiate(key, mpesaBody("254708374149", uniqueReference())));
        }

        assertThat(replies).allSatisfy(reply -> {
            assertProblem(reply, 503, null);
            assertThat(reply.header("Retry-After")).isNotBlank();
        });
        // only the request that found the database gone waited for the pool; the others were answered at once
        assertThat(answeredAtOnce() - answeredAtOnceBefore).isGreaterThanOrEqualTo(replies.size() - 1);
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(503);

        postgres = startPostgres();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/v1/payments/transactions", key).status() == 200);
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    private double answeredAtOnce() {
        Counter counter =
                meters.find("onpoint.api.unavailable").tag("reason", "database").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory("onpoint-db-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same data directory and port each time: a restart of the same server. */
    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(DATA)
                    .setCleanDataDirectory(false)
                    .setPort(DB_PORT)
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
