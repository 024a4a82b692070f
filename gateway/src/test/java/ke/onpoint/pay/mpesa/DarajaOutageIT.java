package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Daraja down or slow: the merchant gets a 503 problem quickly instead of a hanging request, the circuit breaker
 * opens after repeated failures and stops calling Daraja at all, and payments flow again once Daraja is back.
 * Its own context, so the breaker's state never leaks into other tests.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DarajaOutageIT extends GatewayTest {

    private static final int OUTAGE_PORT = freePort();
    private String key;

    @Autowired
    private CamelContext camel;

    @DynamicPropertySource
    static void ownContext(DynamicPropertyRegistry registry) {
        // a Quartz cluster of its own: a context that closes mid-run must not own the main context's schedule
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-outage-tests");
        registry.add("onpoint.test.port", () -> OUTAGE_PORT);
    }

    @BeforeEach
    void merchant() {
        key = newMerchantKey();
    }

    @AfterEach
    void darajaBack() {
        faults("{\"mode\":\"none\"}");
    }

    @Test
    void downDarajaOpensTheBreakerThenPaymentsRecover() {
        faults("{\"mode\":\"down\"}");
        for (int i = 0; i < 4; i++) { // minimum-calls in the test profile
            Reply failed = initiate(key, mpesaBody("0712345678", uniqueReference()));
            assertProblem(failed, 503, null);
            assertThat(failed.json().path("failure_code").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
            assertThat(failed.header("Retry-After")).isEqualTo("30");
            assertThat(payment(key, failed.json().path("reference").asText())
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("failed");
        }

        long pushesBefore = simStats().path("stk_pushes").asLong()
                + simStats().path("token_requests").asLong();
        long started = System.nanoTime();
        Reply shortCircuited = initiate(key, mpesaBody("0712345678", uniqueReference()));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertProblem(shortCircuited, 503, null);
        assertThat(shortCircuited.json().path("detail").asText()).contains("circuit breaker open");
        assertThat(simStats().path("stk_pushes").asLong()
                        + simStats().path("token_requests").asLong())
                .as("an open breaker does not call Daraja")
                .isEqualTo(pushesBefore);
        assertThat(millis).as("answered without waiting on Daraja").isLessThan(1_000);

        faults("{\"mode\":\"none\"}");
        // past open-for the breaker goes half-open and lets a trial call through: half-open now, not after open-for
        camel.getProcessor("daraja-breaker", ResilienceProcessor.class).transitionToHalfOpenState();
        Reply recovered = initiate(key, mpesaBody("0712345678", uniqueReference()));
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(201);
        awaitStatus(key, recovered.json().path("reference").asText(), "completed");
    }

    @Test
    void pushThatTimesOutAfterDarajaAcceptedItStaysPendingAndItsLateCallbackCompletesIt() {
        // a token in the cache first: with Daraja slow, the push itself must be what times out
        assertThat(initiate(key, mpesaBody("0712345678", uniqueReference())).status())
                .isEqualTo(201);
        faults("{\"mode\":\"slow\",\"latency_ms\":3000}"); // read timeout 1.5 s; Daraja still takes the push
        long started = System.nanoTime();
        Reply slow = initiate(key, mpesaBody(StkCorrectnessIT.uniquePhone(), uniqueReference()));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(slow.status()).as(slow.body()).isEqualTo(202);
        assertThat(slow.contentType()).startsWith("application/json");
        assertThat(slow.json().path("status").asText()).isEqualTo("pending");
        assertThat(slow.json().path("failure_code").isNull()).isTrue();
        assertThat(slow.json().path("customer_message").asText())
                .contains("pending")
                .contains("Do not retry");
        assertThat(millis)
                .as("bounded by the read timeout, not Daraja's latency")
                .isLessThan(2_900);
        String reference = slow.json().path("reference").asText();
        faults("{\"mode\":\"none\"}");

        // Daraja prompted the customer, who paid: the callback names a CheckoutRequestID we never heard of
        JsonNode completed = awaitPayment(
                key, reference, p -> "completed".equals(p.path("status").asText()), Duration.ofSeconds(30));
        String checkout = completed.path("checkout_request_id").asText();
        assertThat(checkout).startsWith("ws_CO_");
        assertThat(jdbc.queryForList(
                        "SELECT outcome FROM provider_callbacks WHERE correlation_id = ?", String.class, checkout))
                .containsExactly("applied");
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        reference))
                .containsExactly("payment.initiated", "payment.completed");
    }

    private void faults(String body) {
        assertThat(post("/sim/daraja/__sim/faults", null, body, Map.of()).status())
                .isEqualTo(200);
    }

    private com.fasterxml.jackson.databind.JsonNode simStats() {
        return get("/sim/daraja/__sim/stats", null).json();
    }
}
