package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Merchant webhooks to a real HTTP receiver: signed, retried on a persisted schedule, given up after the window. */
class WebhookDeliveryIT extends GatewayTest {

    @org.springframework.beans.factory.annotation.Autowired
    ke.onpoint.pay.security.FieldCipher cipher;

    private WebhookReceiver receiver;
    private String key;

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
        key = newMerchantKey();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String payWithHook(String phone) {
        String body = mpesaBody(phone, uniqueReference())
                .replace("\"metadata\"", "\"callback_url\":\"" + receiver.url() + "\",\"metadata\"");
        Reply created = initiate(key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("reference").asText();
    }

    @Test
    void everyEventIsDeliveredSignedWithTheMerchantsSecret() throws Exception {
        String reference = payWithHook("0712347000");
        eventually().until(() -> receiver.delivered().size() >= 2);

        String secret = cipher.decrypt(
                WebhookDeliveries.SECRET_FIELD,
                jdbc.queryForObject(
                        "SELECT m.webhook_secret "
                                + "FROM merchants m JOIN payments p ON p.merchant_id = m.id WHERE p.reference = ?",
                        String.class,
                        reference));
        for (WebhookReceiver.Received webhook : receiver.delivered()) {
            JsonNode event = JSON.readTree(webhook.body());
            assertThat(event.path("id").asText()).startsWith("evt_").isEqualTo(webhook.eventId());
            assertThat(event.path("data").path("reference").asText()).isEqualTo(reference);
            String[] parts = webhook.signature().split(",");
            String t = parts[0].substring(2);
            assertThat(parts[1]).isEqualTo("v1=" + WebhookSignatures.hmac(secret, t + "." + webhook.body()));
            assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)))
                    .isLessThan(300);
        }
        assertThat(receiver.delivered().stream().map(r -> {
                    try {
                        return JSON.readTree(r.body()).path("type").asText();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .containsExactlyInAnyOrder("payment.initiated", "payment.completed");
        assertThat(count(
                        "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                + "WHERE o.aggregate_reference = ? AND d.status = 'delivered'",
                        reference))
                .isEqualTo(2);
    }

    @Test
    void receiverDownThenUpGetsEachEventExactlyOnceAfterRetries() {
        receiver.answer(503);
        String reference = payWithHook("0712347100");
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                                        + "JOIN outbox_events o ON o.event_id = d.event_id WHERE o.aggregate_reference = ? AND a.status_code = 503",
                                reference)
                        >= 2);
        receiver.answer(200);

        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                        + "WHERE o.aggregate_reference = ? AND d.status = 'delivered'",
                                reference)
                        == 2);
        assertThat(receiver.delivered()).hasSize(2);
        assertThat(receiver.deliveriesPerEvent()).hasSize(2);
    }

    @Test
    void slowReceiverIsATimeoutCountedAsAFailedAttempt() {
        receiver.hold(); // answers nothing until released: the test profile's webhook timeout (1 s) ends each attempt
        String reference = payWithHook("0712347200");
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                                        + "JOIN outbox_events o ON o.event_id = d.event_id WHERE o.aggregate_reference = ? AND a.status_code IS NULL "
                                        + "AND a.error IS NOT NULL",
                                reference)
                        >= 1);
        receiver.release();
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                        + "WHERE o.aggregate_reference = ? AND d.status = 'delivered'",
                                reference)
                        == 2);
    }

    @Test
    void merchantSetsItsUrlSendsATestEventRotatesTheSecretAndReplaysADelivery() throws Exception {
        Reply set = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/merchants/me/webhook"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url() + "\"}"))
                .build());
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("url").asText()).isEqualTo(receiver.url());
        assertProblem(
                send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/merchants/me/webhook"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\":\"ftp://x\"}"))
                        .build()),
                422,
                "url");

        String oldSecret = cipher.decrypt(
                WebhookDeliveries.SECRET_FIELD,
                jdbc.queryForObject(
                        "SELECT m.webhook_secret "
                                + "FROM merchants m JOIN api_keys k ON k.merchant_id = m.id WHERE k.key_hash = sha256(?::bytea)",
                        String.class,
                        key));
        Reply rotated = post("/api/v1/merchants/me/webhook/rotate-secret", key, "{}", java.util.Map.of());
        String newSecret = rotated.json().path("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);

        String eventId = post("/api/v1/merchants/me/webhook/test", key, "{}", java.util.Map.of())
                .json()
                .path("event_id")
                .asText();
        eventually().until(() -> receiver.deliveredById().containsKey(eventId));
        WebhookReceiver.Received test = receiver.deliveredById().get(eventId);
        String[] parts = test.signature().split(",");
        String signed = parts[0].substring(2) + "." + test.body();
        assertThat(parts).hasSize(3); // during the overlap both secrets sign: new first, then old
        assertThat(parts[1]).isEqualTo("v1=" + WebhookSignatures.hmac(newSecret, signed));
        assertThat(parts[2]).isEqualTo("v1=" + WebhookSignatures.hmac(oldSecret, signed));

        JsonNode deliveries =
                get("/api/v1/webhooks/deliveries?status=delivered", key).json();
        String deliveryId = deliveries.path("data").get(0).path("id").asText();
        JsonNode delivery =
                get("/api/v1/webhooks/deliveries/" + deliveryId, key).json();
        assertThat(delivery.path("attempts_log")).isNotEmpty();
        assertThat(delivery.path("attempts_log").get(0).path("status_code").asInt())
                .isEqualTo(200);

        int before = receiver.delivered().size();
        assertThat(post("/api/v1/webhooks/deliveries/" + deliveryId + "/replay", key, "{}", java.util.Map.of())
                        .status())
                .isEqualTo(200);
        eventually().until(() -> receiver.delivered().size() == before + 1);
        List<WebhookReceiver.Received> all = receiver.delivered();
        assertThat(all.get(all.size() - 1).eventId())
                .isEqualTo(delivery.path("event_id").asText());

        String other = newMerchantKey();
        assertProblem(get("/api/v1/webhooks/deliveries/" + deliveryId, other), 404, null);
        assertThat(get("/api/v1/webhooks/deliveries", other).json().path("data"))
                .isEmpty();
        assertProblem(get("/api/v1/webhooks/deliveries?status=lost", key), 422, "status");
        assertProblem(
                post("/api/v1/webhooks/deliveries/replay", key, "{\"from\":\"yesterday\"}", java.util.Map.of()),
                422,
                "from");
        assertThat(post(
                                "/api/v1/webhooks/deliveries/replay",
                                key,
                                "{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2100-01-01T00:00:00Z\",\"status\":\"failed\"}",
                                java.util.Map.of())
                        .json()
                        .path("replayed")
                        .asInt())
                .isZero();
    }

    @Test
    void webhookApisNeedTheWebhooksManageScope() {
        long merchantId = jdbc.queryForObject(
                "SELECT merchant_id FROM api_keys WHERE key_hash = sha256(?::bytea)", Long.class, key);
        String readOnly = merchants.issueKey(merchantId, "read only", "test", java.util.List.of("payments:read"), null);
        assertProblem(get("/api/v1/webhooks/deliveries", readOnly), 403, null);
        assertProblem(
                post("/api/v1/merchants/me/webhook/rotate-secret", readOnly, "{}", java.util.Map.of()), 403, null);
    }

    @Test
    void aReceiverThatNeverAnswersRightEndsFailedAfterTheWindow() {
        receiver.answer(500);
        String reference = payWithHook("0712347300");
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                        + "WHERE o.aggregate_reference = ? AND d.status = 'failed'",
                                reference)
                        == 2);
        assertThat(count(
                        "SELECT min(attempts) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                + "WHERE o.aggregate_reference = ?",
                        reference))
                .isGreaterThanOrEqualTo(3);
        assertThat(receiver.delivered()).isEmpty();
    }
}
