package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/** What an operator relies on from day one: health probes, Prometheus metrics per route, Hawtio, the log file. */
class OperationsIT extends GatewayTest {

    @Test
    void healthProbesIncludeTheDatabase() {
        Reply health = get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness", null).status()).isEqualTo(200);
        Reply readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesCamelRouteMetrics() {
        String key = newMerchantKey();
        assertThat(initiate(key, mpesaBody("0712345678", uniqueReference())).status())
                .isEqualTo(201);

        assertThat(get("/actuator/prometheus", null).status()).isEqualTo(401); // the scraper logs in as the operator
        Reply metrics = scrapePrometheus();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("routeId=\"payments-initiate\"")
                .contains("routeId=\"mpesa-stk-push\"")
                .contains("hikaricp_connections");
    }

    @Test
    void hawtioAndJolokiaShowTheRoutesToTheOperatorOnly() {
        assertThat(get("/actuator/hawtio/", null).status()).isEqualTo(401);
        assertThat(get("/actuator/jolokia/version", null).status()).isEqualTo(401);

        Reply console = send(HttpRequest.newBuilder(uri("/actuator/hawtio/"))
                .header("Authorization", OPS)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");

        Reply routes = send(HttpRequest.newBuilder(uri("/actuator/jolokia/search/org.apache.camel:type=routes,*"))
                .header("Authorization", OPS)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.body())
                .contains("payments-initiate")
                .contains("mpesa-stk-callback")
                .contains("mpesa-reconcile-pending");
    }

    @Test
    void openApiDocumentDescribesThePaymentApi() {
        Reply openapi = get("/api/v1/openapi.json", null);
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.json().path("paths").has("/payments/initiate"))
                .as(openapi.body())
                .isTrue();
        assertThat(openapi.json().path("paths").has("/payments/transactions/{reference}"))
                .isTrue();
    }

    @Test
    void responsesCarrySecurityHeadersAndNoStackTraces() {
        Reply reply = initiate(null, "{}");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at ke.onpoint");
    }

    @Test
    void logFileHoldsNoFullPhoneNumber() throws Exception {
        String key = newMerchantKey();
        String phone = "254700000017";
        Reply created = initiate(key, mpesaBody(phone, uniqueReference()));
        assertThat(created.status()).isEqualTo(201);
        Path log = Path.of("target/test-logs/onpoint_pay.log");
        long logged = Files.exists(log) ? Files.size(log) : 0;
        // the callback with this phone is masked in both the log and the stored callback record
        post("/api/v1/payments/mpesa/callback/wrong", null, "{\"PhoneNumber\":" + phone + "}", java.util.Map.of());
        // its refusal is logged while it is handled: once that line is in the file, so is all the callback logged
        eventually().until(() -> loggedSince(log, logged).contains("refused: missing or wrong callback token"));
        // and Safaricom's own callback for the payment (rule-limited: it fails) has been handled and logged too
        awaitPayment(
                key,
                created.json().path("reference").asText(),
                p -> !"pending".equals(p.path("status").asText()),
                PATIENCE);
        assertThat(log).exists();
        assertThat(Files.readString(log)).doesNotContain(phone);
        assertThat(count("SELECT count(*) FROM provider_callbacks WHERE payload LIKE ?", "%" + phone + "%"))
                .isZero();
    }

    /** What the log file got after it was {@code size} bytes long (all of it when it has rolled over since). */
    private static String loggedSince(Path log, long size) throws java.io.IOException {
        byte[] all = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
        int from = all.length < size ? 0 : (int) size;
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
}
