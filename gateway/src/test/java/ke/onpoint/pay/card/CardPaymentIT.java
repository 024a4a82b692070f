package ke.onpoint.pay.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Card payments end to end over real HTTP: the gateway, the Paystack and Flutterwave simulators with their hosted
 * checkouts, signed webhooks, verification, failover and refunds.
 */
class CardPaymentIT extends GatewayTest {

    private static final String PAYSTACK_SECRET = "sk_test_simulator_paystack_0000000000000000";
    private static final String FLUTTERWAVE_HASH = "sim-flutterwave-verif-hash";
    private String key;
    /** Set by tests that take a processor down: its circuit breaker may be open. */
    private boolean processorWasDown;

    @Autowired
    private CamelContext camel;

    @BeforeEach
    void merchant() {
        key = newMerchantKey();
    }

    @AfterEach
    void simulatorsBackToNormal() {
        post("/sim/paystack/__sim/reset", null, "{}", Map.of());
        post("/sim/flutterwave/__sim/reset", null, "{}", Map.of());
        if (processorWasDown) { // the next test starts with both breakers closed again
            for (String processor : List.of("paystack", "flutterwave")) {
                camel.getProcessor(processor + "-breaker", ResilienceProcessor.class)
                        .transitionToCloseState();
            }
        }
    }

    private void takeDown(String processor) {
        processorWasDown = true;
        post("/sim/" + processor + "/__sim/faults", null, "{\"mode\":\"down\"}", Map.of());
    }

    static String cardBody(String reference, String amount, String currency) {
        return "{\"amount\":" + amount + ",\"currency\":\"" + currency + "\",\"payment_method\":\"card\","
                + "\"email\":\"customer@example.com\",\"reference\":\"" + reference
                + "\",\"metadata\":{\"order_id\":\"42\"}}";
    }

    private JsonNode initiateCard(String amount) {
        Reply created = initiate(key, cardBody(uniqueReference(), amount, "KES"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private Reply checkout(JsonNode payment, String action) {
        String url = payment.path("authorization_url").asText();
        String code = url.substring(url.lastIndexOf('/') + 1);
        String processor = payment.path("provider").asText();
        return post("/sim/" + processor + "/__sim/checkout/" + code + "/" + action, null, "{}", Map.of());
    }

    @Test
    void cardPaymentCompletesThroughTheHostedCheckoutAndTheSignedWebhook() {
        JsonNode created = initiateCard("1500.50");
        assertThat(created.path("status").asText()).isEqualTo("pending");
        assertThat(created.path("payment_method").asText()).isEqualTo("card");
        assertThat(created.path("provider").asText()).isEqualTo("paystack");
        assertThat(created.path("authorization_url").asText()).contains("/sim/paystack/__sim/checkout/");
        assertThat(created.path("amount").decimalValue()).isEqualByComparingTo("1500.50");

        assertThat(checkout(created, "pay").status()).isEqualTo(200);
        JsonNode completed = awaitStatus(key, created.path("reference").asText(), "completed");

        assertThat(completed.path("card").path("last4").asText()).isEqualTo("4081");
        assertThat(completed.path("card").path("brand").asText()).isNotBlank();
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        created.path("reference").asText()))
                .containsExactly("payment.initiated", "payment.completed");
        assertThat(count(
                        "SELECT amount_minor FROM payments WHERE reference = ?",
                        created.path("reference").asText()))
                .isEqualTo(150_050L);

        // what Paystack holds: subunits, our reference as its reference, the merchant's metadata carried along
        JsonNode atPaystack = send(java.net.http.HttpRequest.newBuilder(uri("/sim/paystack/transaction/verify/"
                                + created.path("reference").asText()))
                        .header("Authorization", "Bearer " + PAYSTACK_SECRET)
                        .GET()
                        .build())
                .json()
                .path("data");
        assertThat(atPaystack.path("amount").asLong()).isEqualTo(150_050L);
        assertThat(atPaystack.path("reference").asText())
                .isEqualTo(created.path("reference").asText());
        assertThat(atPaystack
                        .path("metadata")
                        .path("merchant_metadata")
                        .path("order_id")
                        .asText())
                .isEqualTo("42");
    }

    @Test
    void completedCardPaymentShowsPaidAtNotNull() {
        JsonNode created = initiateCard("300");
        checkout(created, "pay");
        String reference = created.path("reference").asText();
        JsonNode completed = awaitStatus(key, reference, "completed");

        // like M-Pesa's: when the processor says the customer paid
        assertThat(completed.path("paid_at").isTextual())
                .as(completed.toString())
                .isTrue();
        java.time.Instant paidAt =
                java.time.Instant.parse(completed.path("paid_at").asText());
        JsonNode atPaystack = send(java.net.http.HttpRequest.newBuilder(
                                uri("/sim/paystack/transaction/verify/" + reference))
                        .header("Authorization", "Bearer " + PAYSTACK_SECRET)
                        .GET()
                        .build())
                .json()
                .path("data");
        assertThat(paidAt)
                .isEqualTo(java.time.Instant.parse(atPaystack.path("paid_at").asText()));
        assertThat(paidAt)
                .isBetween(
                        java.time.Instant.parse(created.path("created_at").asText())
                                .minusSeconds(1),
                        java.time.Instant.parse(completed.path("completed_at").asText())
                                .plusSeconds(1));
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND event_type = "
                                + "'payment.completed' AND payload->>'paid_at' IS NOT NULL",
                        reference))
                .isEqualTo(1);
    }

    @Test
    void cardPaymentCompletedEventCarriesTheCardNotNull() {
        JsonNode created = initiateCard("310");
        checkout(created, "pay");
        String reference = created.path("reference").asText();
        JsonNode completed = awaitStatus(key, reference, "completed");
        assertThat(completed.path("card").path("last4").asText()).isNotBlank();

        String eventCard = jdbc.queryForObject(
                "SELECT payload->'card'->>'last4' FROM outbox_events "
                        + "WHERE aggregate_reference = ? AND event_type = 'payment.completed'",
                String.class,
                reference);
        assertThat(eventCard).isEqualTo(completed.path("card").path("last4").asText());
    }

    @Test
    void lostWebhookIsResolvedByVerificationInTheReconciliationJob() {
        post("/sim/paystack/__sim/webhooks", null, "{\"mode\":\"none\"}", Map.of());
        JsonNode created = initiateCard("200");
        checkout(created, "pay");
        awaitStatus(key, created.path("reference").asText(), "completed");
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND kind = 'payment_event'",
                        created.path("reference").asText()))
                .isZero();
    }

    @Test
    void declinedCardEndsFailed() {
        JsonNode created = initiateCard("300");
        checkout(created, "decline");
        JsonNode failed = awaitStatus(key, created.path("reference").asText(), "failed");
        assertThat(failed.path("failure_code").asText()).isEqualTo("DECLINED");
    }

    @Test
    void abandonedCheckoutExpiresAfterItsWindow() {
        JsonNode created = initiateCard("300");
        checkout(created, "abandon");
        JsonNode expired = awaitStatus(key, created.path("reference").asText(), "expired");
        assertThat(expired.path("failure_code").asText()).isEqualTo("ABANDONED");
    }

    @Test
    void amountMismatchInVerificationIsFlaggedAndNeverCompleted() {
        double before = cardReviews();
        JsonNode created = initiateCard("1000");
        post(
                "/sim/paystack/__sim/transactions/" + created.path("reference").asText() + "/amount",
                null,
                "{\"amount\":100}",
                Map.of());
        checkout(created, "pay");
        JsonNode flagged = awaitStatus(key, created.path("reference").asText(), "failed");
        assertThat(flagged.path("failure_code").asText()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND outcome = 'needs_review'",
                        created.path("reference").asText()))
                .isGreaterThanOrEqualTo(1);
        assertThat(cardReviews()).as("counted for an alert, as M-Pesa's are").isGreaterThan(before);
    }

    @org.springframework.beans.factory.annotation.Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    private double cardReviews() {
        return meters.find("onpoint.payment.reviews").tag("reason", "AMOUNT_MISMATCH").counters().stream()
                .filter(c -> !"mpesa".equals(c.getId().getTag("provider")))
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    @Test
    void webhookWithABadOrMissingSignatureIsRefusedAndChangesNothing() throws Exception {
        JsonNode created = initiateCard("400");
        String event = "{\"event\":\"charge.success\",\"data\":{\"reference\":\""
                + created.path("reference").asText() + "\"}}";
        long rejectedBefore =
                count("SELECT count(*) FROM provider_callbacks WHERE provider = 'paystack' AND outcome = 'rejected'");

        assertProblem(post("/api/v1/payments/paystack/webhook/", null, event, Map.of()), 401, null);
        assertProblem(
                post(
                        "/api/v1/payments/paystack/webhook",
                        null,
                        event,
                        Map.of("x-paystack-signature", hmac(event, "sk_test_wrong"))),
                401,
                null);
        assertProblem(
                post(
                        "/api/v1/payments/flutterwave/webhook",
                        null,
                        "{\"event\":\"charge.completed\",\"data\":{}}",
                        Map.of("verif-hash", "wrong")),
                401,
                null);

        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE provider = 'paystack' AND outcome = 'rejected'"))
                .isEqualTo(rejectedBefore + 2);
        assertThat(payment(key, created.path("reference").asText())
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("pending");
        // a correctly signed event is still only a hint: the payment is verified with Paystack, which says unpaid
        Reply signed = post(
                "/api/v1/payments/paystack/webhook",
                null,
                event,
                Map.of("x-paystack-signature", hmac(event, PAYSTACK_SECRET)));
        assertThat(signed.status()).isEqualTo(200);
        assertThat(payment(key, created.path("reference").asText())
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("pending");
    }

    @Test
    void earlySignedChargeSuccessDoesNotSwallowTheRealOne() throws Exception {
        JsonNode created = initiateCard("450");
        String reference = created.path("reference").asText();
        String early =
                "{\"event\":\"charge.success\",\"data\":{\"reference\":\"" + reference + "\",\"status\":\"success\"}}";
        assertThat(post(
                                "/api/v1/payments/paystack/webhook",
                                null,
                                early,
                                Map.of("x-paystack-signature", hmac(early, PAYSTACK_SECRET)))
                        .status())
                .isEqualTo(200);

        checkout(created, "pay"); // the simulator now sends the real, signed charge.success
        assertRealEventApplied(reference);
        assertThat(payment(key, reference).json().path("status").asText()).isEqualTo("completed");
        assertThat(outboxEvents(reference)).isEqualTo(2);
    }

    @Test
    void earlyFlutterwaveChargeCompletedDoesNotSwallowTheRealOne() {
        takeDown("paystack");
        JsonNode created = initiateCard("460");
        assertThat(created.path("provider").asText()).isEqualTo("flutterwave");
        String reference = created.path("reference").asText();
        String early = "{\"event\":\"charge.completed\",\"data\":{\"tx_ref\":\"" + reference
                + "\",\"status\":\"successful\"}}";
        assertThat(post("/api/v1/payments/flutterwave/webhook", null, early, Map.of("verif-hash", FLUTTERWAVE_HASH))
                        .status())
                .isEqualTo(200);

        checkout(created, "pay");
        assertRealEventApplied(reference);
        assertThat(payment(key, reference).json().path("status").asText()).isEqualTo("completed");
    }

    /**
     * The early event is ignored and the real one applied, never a duplicate; if the reconciliation job verified the
     * payment first (it runs every second in tests), the real event finds it completed and is ignored.
     */
    private void assertRealEventApplied(String reference) {
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND kind = 'payment_event'",
                                reference)
                        >= 2);
        List<String> outcomes = jdbc.queryForList(
                "SELECT outcome FROM provider_callbacks WHERE correlation_id = ? "
                        + "AND kind = 'payment_event' ORDER BY id",
                String.class,
                reference);
        boolean reconciledFirst = count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? "
                                + "AND kind = 'reconciliation' AND outcome = 'applied'",
                        reference)
                > 0;
        assertThat(outcomes).containsExactly("ignored", reconciledFirst ? "ignored" : "applied");
    }

    @Test
    void duplicateWebhookIsOneTransitionAndOneEvent() {
        post("/sim/paystack/__sim/webhooks", null, "{\"mode\":\"duplicate\"}", Map.of());
        JsonNode created = initiateCard("500");
        String reference = created.path("reference").asText();
        checkout(created, "pay");
        awaitStatus(key, reference, "completed");
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? "
                                        + "AND kind = 'payment_event'",
                                reference)
                        >= 2);
        assertThat(jdbc.queryForList(
                        "SELECT outcome FROM provider_callbacks WHERE correlation_id = ? AND kind = 'payment_event' ORDER BY id",
                        String.class,
                        reference))
                .containsExactly("applied", "duplicate");
        assertThat(outboxEvents(reference)).isEqualTo(2);
    }

    @Test
    void paystackDownFailsOverToFlutterwaveWhichCompletesThePayment() {
        takeDown("paystack");
        JsonNode created = initiateCard("750.25");
        assertThat(created.path("provider").asText()).isEqualTo("flutterwave");
        assertThat(created.path("authorization_url").asText()).contains("/sim/flutterwave/__sim/checkout/");

        checkout(created, "pay");
        JsonNode completed = awaitStatus(key, created.path("reference").asText(), "completed");
        assertThat(completed.path("card").path("last4").asText()).isEqualTo("2950");

        Reply refund = post(
                "/api/v1/payments/refund",
                key,
                "{\"reference\":\"" + created.path("reference").asText()
                        + "\",\"amount\":50.25,\"reason\":\"Damaged item\"}",
                Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        assertThat(refund.json().path("status").asText()).isEqualTo("processed");
        assertThat(payment(key, created.path("reference").asText())
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("partially_refunded");
    }

    @Test
    void bothProcessorsDownIsAQuick503ProblemNamingTheFailedPayment() {
        takeDown("paystack");
        takeDown("flutterwave");
        long started = System.nanoTime();
        Reply refused = initiate(key, cardBody(uniqueReference(), "100", "USD"));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
        assertProblem(refused, 503, null);
        assertThat(refused.json().path("payment_status").asText()).isEqualTo("failed");
    }

    @Test
    void fullAndPartialRefundsWithTheRefundWebhook() {
        JsonNode created = initiateCard("1000");
        String reference = created.path("reference").asText();
        checkout(created, "pay");
        awaitStatus(key, reference, "completed");

        Reply partial =
                post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\",\"amount\":400}", Map.of());
        assertThat(partial.status()).as(partial.body()).isEqualTo(201);
        assertThat(partial.json().path("status").asText()).isIn("pending", "processed");
        JsonNode partly = awaitStatus(key, reference, "partially_refunded");
        assertThat(partly.path("amount_refunded").decimalValue()).isEqualByComparingTo("400");

        assertProblem(
                post(
                        "/api/v1/payments/refund",
                        key,
                        "{\"reference\":\"" + reference + "\",\"amount\":600.01}",
                        Map.of()),
                422,
                "amount");
        Reply rest = post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\"}", Map.of());
        assertThat(rest.status()).as(rest.body()).isEqualTo(201);
        assertThat(rest.json().path("amount").decimalValue()).isEqualByComparingTo("600");
        awaitStatus(key, reference, "refunded");
        assertProblem(
                post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\"}", Map.of()),
                422,
                "reference");

        assertThat(jdbc.queryForList(
                        "SELECT r.status FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.reference = ?",
                        String.class,
                        reference))
                .containsOnly("processed");
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        reference))
                .contains("refund.created", "refund.processed", "payment.partially_refunded", "payment.refunded");
    }

    @Test
    void lostRefundWebhookIsResolvedByLookingTheRefundUp() {
        post("/sim/paystack/__sim/webhooks", null, "{\"mode\":\"none\"}", Map.of());
        JsonNode created = initiateCard("800");
        String reference = created.path("reference").asText();
        checkout(created, "pay");
        awaitStatus(key, reference, "completed"); // by verification: the charge.success webhook is lost too

        Reply refund =
                post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\",\"amount\":200}", Map.of());
        assertThat(refund.json().path("status").asText()).isEqualTo("pending");
        JsonNode partly = awaitStatus(key, reference, "partially_refunded");
        assertThat(partly.path("amount_refunded").decimalValue()).isEqualByComparingTo("200");
    }

    @Test
    void refundIdempotencyKeyReplaysTheFirstRefund() {
        JsonNode created = initiateCard("100");
        String reference = created.path("reference").asText();
        checkout(created, "pay");
        awaitStatus(key, reference, "completed");
        String body = "{\"reference\":\"" + reference + "\",\"amount\":10}";
        Map<String, String> idem = Map.of("Idempotency-Key", "refund-" + reference);

        Reply first = post("/api/v1/payments/refund", key, body, idem);
        Reply replay = post("/api/v1/payments/refund", key, body, idem);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("refund_reference").asText())
                .isEqualTo(first.json().path("refund_reference").asText());
        assertThat(count(
                        "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.reference = ?",
                        reference))
                .isEqualTo(1);
    }

    @Test
    void failedRefundGivesItsAmountBack() {
        JsonNode created = initiateCard("100");
        String reference = created.path("reference").asText();
        checkout(created, "pay");
        awaitStatus(key, reference, "completed");
        post("/sim/paystack/__sim/refunds", null, "{\"mode\":\"fail\"}", Map.of());

        post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\"}", Map.of());
        awaitPayment(
                key,
                reference,
                p -> count(
                                "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                        + "WHERE p.reference = ? AND r.status = 'failed'",
                                reference)
                        == 1,
                java.time.Duration.ofSeconds(10));
        JsonNode after = payment(key, reference).json();
        assertThat(after.path("status").asText()).isEqualTo("completed");
        assertThat(after.path("amount_refunded").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void concurrentRefundsNeverExceedTheAmountPaid() throws Exception {
        JsonNode created = initiateCard("1000");
        String reference = created.path("reference").asText();
        checkout(created, "pay");
        awaitStatus(key, reference, "completed");

        ExecutorService merchants = Executors.newFixedThreadPool(8);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(merchants.submit(() -> post(
                    "/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\",\"amount\":300}", Map.of())));
        }
        int accepted = 0;
        for (Future<Reply> reply : replies) {
            int status = reply.get().status();
            assertThat(status).isIn(201, 422);
            accepted += status == 201 ? 1 : 0;
        }
        merchants.shutdown();
        assertThat(accepted).isEqualTo(3);
        assertThat(count(
                        "SELECT COALESCE(sum(r.amount_minor), 0) FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                + "WHERE p.reference = ? AND r.status <> 'failed'",
                        reference))
                .isEqualTo(90_000L);
        assertThat(count("SELECT refunded_minor FROM payments WHERE reference = ?", reference))
                .isEqualTo(90_000L);
    }

    @Test
    void refundsOfPendingAndOtherMerchantsPaymentsAreRefused() {
        JsonNode pending = initiateCard("100");
        assertProblem(
                post(
                        "/api/v1/payments/refund",
                        key,
                        "{\"reference\":\"" + pending.path("reference").asText() + "\"}",
                        Map.of()),
                422,
                "reference");

        String other = newMerchantKey();
        assertProblem(
                post(
                        "/api/v1/payments/refund",
                        other,
                        "{\"reference\":\"" + pending.path("reference").asText() + "\"}",
                        Map.of()),
                404,
                null);
        assertThat(count(
                        "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.reference = ?",
                        pending.path("reference").asText()))
                .isZero();
    }

    @Test
    void badCardAndRefundInputIsAProblemNamingTheField() {
        assertProblem(
                initiate(key, "{\"amount\":100,\"payment_method\":\"card\",\"reference\":\"C-1\"}"), 422, "email");
        assertProblem(initiate(key, cardBody("C-2", "100", "EUR")), 422, "currency");
        assertProblem(initiate(key, cardBody("C-3", "10.001", "KES")), 422, "amount");
        assertProblem(initiate(key, cardBody("C-4", "-1", "USD")), 422, "amount");
        assertProblem(initiate(key, cardBody("C-5", "\"12\"", "USD")), 422, "amount");
        assertProblem(
                initiate(key, "{\"amount\":100,\"payment_method\":\"card\",\"email\":\"x\",\"reference\":\"C-6\"}"),
                422,
                "email");

        assertProblem(post("/api/v1/payments/refund", key, "{}", Map.of()), 422, "reference");
        assertProblem(
                post("/api/v1/payments/refund", key, "{\"reference\":\"TXN1\",\"amount\":\"5\"}", Map.of()),
                422,
                "amount");
        assertProblem(
                post("/api/v1/payments/refund", key, "{\"reference\":\"TXN1\",\"amount\":-5}", Map.of()),
                422,
                "amount");
        assertProblem(
                post("/api/v1/payments/refund", key, "{\"reference\":\"TXN1\",\"amount\":1.001}", Map.of()),
                422,
                "amount");
        assertProblem(
                post(
                        "/api/v1/payments/refund",
                        key,
                        "{\"reference\":\"TXN1\",\"reason\":\"" + "x".repeat(300) + "\"}",
                        Map.of()),
                422,
                "reason");
        assertProblem(post("/api/v1/payments/refund", key, "{not json", Map.of()), 400, "body");
        assertProblem(post("/api/v1/payments/refund", key, "{\"reference\":\"TXN-UNKNOWN\"}", Map.of()), 404, null);
        assertProblem(post("/api/v1/payments/refund", null, "{\"reference\":\"TXN1\"}", Map.of()), 401, null);
        assertThat(count(
                        "SELECT count(*) FROM payments WHERE merchant_reference LIKE 'C-%' AND merchant_id = "
                                + "(SELECT merchant_id FROM api_keys WHERE key_hash = sha256(?::bytea))",
                        key))
                .isZero();
    }

    static String hmac(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
