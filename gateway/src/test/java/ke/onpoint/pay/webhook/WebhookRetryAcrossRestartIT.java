package ke.onpoint.pay.webhook;

import static ke.onpoint.pay.support.GatewayTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The gateway is restarted in the middle of a webhook's retry schedule: the schedule lives in the database, so the
 * restarted process delivers it, once. The gateway runs as its own OS process on a database of its own, so no other
 * instance (such as the test JVM's cached contexts) can be the one that delivers.
 */
class WebhookRetryAcrossRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDir = Path.of("target/restart-it").toAbsolutePath();
    private final int port = GatewayTest.freePort();
    private final int dbPort = GatewayTest.freePort();

    @Test
    void aRetryScheduledBeforeARestartIsDeliveredOnceAfterIt() throws Exception {
        FileSystemUtils.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        WebhookReceiver receiver = WebhookReceiver.answering(503);
        Process first = null;
        Process second = null;
        try {
            first = startGateway("first");
            String key = createMerchant();
            String hook = receiver.url();
            HttpResponse<String> created = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/v1/payments/initiate"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"amount\":100,\"payment_method\":\"mpesa\",\"phone\":"
                                            + "\"0712345678\",\"reference\":\"RESTART-1\",\"callback_url\":\"" + hook
                                            + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            // both events (initiated, completed) refused at least once: each now has a retry in the schedule
            eventually()
                    .alias("both events attempted and refused")
                    .until(() -> receiver.refusalsPerEvent().size() == 2);
            stop(first);
            first = null;

            receiver.answer(204);
            second = startGateway("second");
            // the gateway's own record is the event: a delivery marked delivered is never claimed again, so once
            // both are, whatever it sent has arrived and a second delivery of either would be counted below
            eventually()
                    .alias("both deliveries marked delivered after the restart")
                    .until(() -> {
                        JsonNode data = deliveries(key).path("data");
                        return data.size() == 2
                                && data.findValuesAsText("status").stream().allMatch("delivered"::equals);
                    });
            assertThat(receiver.delivered()).hasSize(2);
            assertThat(receiver.delivered().stream().map(WebhookReceiver.Received::eventId))
                    .containsExactlyInAnyOrderElementsOf(
                            receiver.refusalsPerEvent().keySet());

            JsonNode deliveries = deliveries(key);
            assertThat(deliveries.path("data")).hasSize(2);
            for (JsonNode delivery : deliveries.path("data")) {
                assertThat(delivery.path("status").asText()).isEqualTo("delivered");
                assertThat(delivery.path("attempts").asInt())
                        .as("refused before the restart, then delivered")
                        .isGreaterThanOrEqualTo(2);
            }
        } finally {
            stop(first);
            stop(second);
            receiver.close();
        }
        FileSystemUtils.deleteRecursively(dataDir);
    }

    /** The merchant's webhook deliveries, as the gateway reports them. */
    private JsonNode deliveries(String key) throws Exception {
        return JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(uri("/api/v1/webhooks/deliveries"))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private Map<String, String> environment(String logName) {
        return Map.of(
                "PORT",
                String.valueOf(port),
                "EMBEDDED_DB_DIR",
                dataDir.resolve("postgres").toString(),
                "EMBEDDED_DB_PORT",
                String.valueOf(dbPort),
                "LOG_FILE",
                dataDir.resolve(logName + ".log").toString(),
                "SIM_DARAJA_CALLBACK_DELAY",
                "0s",
                "WEBHOOK_DISPATCH_PERIOD_MS",
                "200",
                "WEBHOOK_TIMEOUT",
                "2s",
                "WEBHOOK_RETRY_SCHEDULE",
                "1s",
                "WEBHOOK_GIVE_UP_AFTER",
                "10m",
                "WEBHOOK_ALLOW_PRIVATE_TARGETS",
                "true");
    }

    private ProcessBuilder gatewayProcess(String logName, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                OnPointPayApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("DB_") || name.startsWith("SPRING_") || name.startsWith("KAFKA_"));
        builder.environment().putAll(environment(logName));
        // the repository's YAML routes (the outbox's fan-out to webhooks among them), one level above gateway/
        builder.environment()
                .put(
                        "ROUTES_INCLUDE_PATTERN",
                        "classpath:camel/*.yaml,file:"
                                + Path.of("../routes").toAbsolutePath().normalize() + "/*.yaml");
        return builder;
    }

    private Process startGateway(String name) throws Exception {
        Process process = gatewayProcess(name)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".out").toFile())
                .start();
        try {
            // a JVM starting Spring, Camel and PostgreSQL takes minutes on a loaded machine (150 s seen at load 30 on 2
            // CPUs)
            eventually()
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(250))
                    .alias("gateway " + name + " ready")
                    .until(() -> {
                        assertThat(process.isAlive())
                                .as("gateway " + name + " exited; see " + dataDir.resolve(name + ".out"))
                                .isTrue();
                        return ready();
                    });
            return process;
        } catch (RuntimeException | AssertionError notReady) {
            stop(process); // not the caller's to stop: it never got it
            throw notReady;
        }
    }

    private boolean ready() throws InterruptedException {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException notYet) {
            return false; // still starting
        }
    }

    private String createMerchant() throws Exception {
        ProcessBuilder builder =
                gatewayProcess("cli", "create-merchant", "--name", "Restart Ltd", "--email", "ops@restart.test");
        builder.environment().put("PORT", "0");
        builder.environment().put("SCHEDULER_ENABLED", "false");
        Process process =
                builder.redirectError(dataDir.resolve("cli.err").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue(); // a Spring start too: minutes on a loaded machine
        return out.lines()
                .filter(line -> line.matches("sk_test_[0-9A-Za-z]+"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key in: " + out));
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the graceful shutdown an orchestrator's restart does
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
