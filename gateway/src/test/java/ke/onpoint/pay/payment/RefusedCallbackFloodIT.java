package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A flood of anonymous callbacks with wrong tokens and signatures, at every provider endpoint, from one address: a
 * few are recorded (an excerpt each), the rest answered 429 and not recorded, all counted; the simulators' genuine
 * callbacks from that same address are still applied.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RefusedCallbackFloodIT extends GatewayTest {

    private static final int OWN_PORT = freePort();
    private static final int LIMIT = 5;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void lowLimit(DynamicPropertyRegistry registry) {
        registry.add("onpoint.test.port", () -> OWN_PORT);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-callback-flood");
        registry.add("onpoint.callbacks.refused-per-minute", () -> LIMIT);
    }

    @Test
    void anonymousCallbackFloodIsThrottledAndStoresOnlyExcerpts() {
        String marker = "flood-" + UUID.randomUUID();
        String big = "{\"marker\":\"" + marker + "\",\"padding\":\"" + "x".repeat(60_000) + "\"}";
        List<String> endpoints = List.of(
                "/api/v1/payments/mpesa/callback/wrong-token",
                "/api/v1/payments/mpesa/callback",
                "/api/v1/payments/c2b/validation/wrong-token",
                "/api/v1/payments/c2b/confirmation/wrong-token",
                "/api/v1/payments/mpesa/result/reversal/wrong-token",
                "/api/v1/payments/mpesa/timeout/reversal/wrong-token",
                "/api/v1/payments/paystack/webhook",
                "/api/v1/payments/flutterwave/webhook");
        double throttledBefore = refused("false");

        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(post(endpoints.get(i % endpoints.size()), null, big, Map.of()));
        }

        assertThat(replies).allSatisfy(reply -> assertThat(reply.contentType()).startsWith("application/problem+json"));
        List<Reply> throttled =
                replies.stream().filter(reply -> reply.status() == 429).toList();
        assertThat(throttled)
                .hasSizeGreaterThanOrEqualTo(30 - LIMIT)
                .allSatisfy(reply -> assertThat(reply.header("Retry-After")).isNotBlank());
        assertThat(replies.stream().filter(reply -> reply.status() != 429))
                .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(401));
        Map<String, Object> stored = jdbc.queryForMap(
                "SELECT count(*) AS n, coalesce(sum(length(payload)), 0) AS kept "
                        + "FROM provider_callbacks WHERE payload LIKE ?",
                "%" + marker + "%");
        assertThat(((Number) stored.get("n")).intValue()).isLessThanOrEqualTo(LIMIT);
        assertThat(((Number) stored.get("kept")).longValue()).isLessThanOrEqualTo(LIMIT * 512L);
        assertThat(refused("false") - throttledBefore).isGreaterThanOrEqualTo(throttled.size());

        // the simulator's callback comes from the same address, carries the token and is applied as before
        String key = newMerchantKey();
        Reply created = initiate(key, mpesaBody("0712345678", uniqueReference()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        awaitStatus(key, created.json().path("reference").asText(), "completed");
        String checkout = created.json().path("checkout_request_id").asText();
        Map<String, Object> applied = jdbc.queryForMap(
                "SELECT length(payload) AS kept, payload_length FROM provider_callbacks "
                        + "WHERE correlation_id = ? AND outcome = 'applied'",
                checkout);
        assertThat(applied.get("kept")).isEqualTo(applied.get("payload_length"));
    }

    private double refused(String recorded) {
        return meters.find("onpoint.callbacks.refused").tag("recorded", recorded).counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }
}
