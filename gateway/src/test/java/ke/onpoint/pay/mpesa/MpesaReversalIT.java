package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refunds of M-Pesa payments through Daraja's Reversal API and its asynchronous Result, over real HTTP. */
class MpesaReversalIT extends GatewayTest {

    private String key;

    @BeforeEach
    void merchant() {
        key = newMerchantKey();
    }

    @AfterEach
    void resultsBackToNormal() {
        post("/sim/daraja/__sim/results/mode", null, "{\"mode\":\"normal\"}", Map.of());
        post("/sim/daraja/__sim/reversal/answer", null, "{\"mode\":\"normal\"}", Map.of());
        // the proxy's 404s count as Daraja failures: the next test starts with the breaker closed
        closeDarajaBreaker();
    }

    private JsonNode completedPayment(String phone) {
        Reply created = initiate(key, mpesaBody(phone, uniqueReference()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return awaitStatus(key, created.json().path("reference").asText(), "completed");
    }

    private Reply refund(String reference, String extra) {
        return post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\"" + extra + "}", Map.of());
    }

    private String refundStatus(String reference) {
        return jdbc.queryForObject(
                "SELECT r.status FROM refunds r JOIN payments p ON p.id = r.payment_id "
                        + "WHERE p.reference = ? ORDER BY r.id DESC LIMIT 1",
                String.class,
                reference);
    }

    @Test
    void fullRefundIsReversedAndThePaymentEndsRefunded() {
        JsonNode paid = completedPayment("0712345600");
        String reference = paid.path("reference").asText();

        Reply refund = refund(reference, ",\"reason\":\"Customer changed their mind\"");
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        assertThat(refund.json().path("status").asText()).isEqualTo("pending");

        JsonNode refunded = awaitStatus(key, reference, "refunded");
        assertThat(refunded.path("amount_refunded").decimalValue()).isEqualByComparingTo("100");
        assertThat(refundStatus(reference)).isEqualTo("processed");
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        reference))
                .containsSubsequence("payment.completed", "refund.created", "payment.refunded", "refund.processed");
    }

    @Test
    void statusAsksDarajaForTheReceiptAndShowsItsAnswer() {
        JsonNode paid = completedPayment("0712346100");
        String body = "{\"reference\":\"" + paid.path("reference").asText() + "\",\"payment_method\":\"mpesa\"}";

        Reply first = post("/api/v1/payments/status", key, body, Map.of());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("reference").asText())
                .isEqualTo(paid.path("reference").asText());
        assertThat(first.json().path("provider_check").path("status").asText()).isEqualTo("requested");

        JsonNode answered = eventually()
                .until(
                        () -> post("/api/v1/payments/status", key, body, Map.of())
                                .json()
                                .path("provider_check"),
                        check -> "answered".equals(check.path("status").asText()));
        assertThat(answered.path("status").asText()).isEqualTo("answered");
        assertThat(answered.path("transaction_status").asText()).isEqualTo("Completed");
        assertThat(answered.path("result_code").asText()).isEqualTo("0");
        assertThat(count(
                        "SELECT count(*) FROM status_queries q JOIN payments p ON p.id = q.payment_id WHERE p.reference = ?",
                        paid.path("reference").asText()))
                .isEqualTo(1); // at most one query a minute
    }

    @Test
    void partialMpesaRefundIsAClear422() {
        JsonNode paid = completedPayment("0712345700");
        Reply partial = refund(paid.path("reference").asText(), ",\"amount\":50");
        assertProblem(partial, 422, "amount");
        assertThat(partial.body()).contains("M-Pesa reverses whole transactions");
        assertThat(count(
                        "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.reference = ?",
                        paid.path("reference").asText()))
                .isZero();
    }

    @Test
    void unknownReceiptIsRefusedByDarajaAndTheRefundFailsWithItsCode() {
        // a payment whose receipt Safaricom does not know: the callback says so, the simulator never issued it
        Reply created = initiate(key, mpesaBody("0700000090", uniqueReference()));
        String checkout = created.json().path("checkout_request_id").asText();
        post(
                "/api/v1/payments/mpesa/callback/dev-callback-token",
                null,
                stkCallback(checkout, created.json().path("merchant_request_id").asText(), 0)
                        .replace("NLJ7RT61SV", "ZZZ0000000"),
                Map.of());
        String reference = created.json().path("reference").asText();
        awaitStatus(key, reference, "completed");

        assertThat(refund(reference, "").status()).isEqualTo(201);
        awaitPayment(key, reference, p -> "failed".equals(refundStatus(reference)), Duration.ofSeconds(15));
        assertThat(jdbc.queryForObject(
                        "SELECT r.failure_code FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                + "WHERE p.reference = ?",
                        String.class,
                        reference))
                .isEqualTo("R000002");
        JsonNode after = payment(key, reference).json();
        assertThat(after.path("status").asText()).isEqualTo("completed");
        assertThat(after.path("amount_refunded").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void timedOutReversalIsSentAgainAndEndsProcessedOnce() {
        JsonNode paid = completedPayment("0712345800");
        String reference = paid.path("reference").asText();
        post("/sim/daraja/__sim/results/mode", null, "{\"mode\":\"timeout\"}", Map.of());

        assertThat(refund(reference, "").status()).isEqualTo(201);
        String conversation = jdbc.queryForObject(
                "SELECT r.provider_refund_id FROM refunds r JOIN payments p "
                        + "ON p.id = r.payment_id WHERE p.reference = ?",
                String.class,
                reference);
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE kind = 'reversal_timeout' "
                                        + "AND correlation_id = ?",
                                conversation)
                        > 0);
        assertThat(refundStatus(reference)).isEqualTo("pending");
        post("/sim/daraja/__sim/results/mode", null, "{\"mode\":\"normal\"}", Map.of());

        awaitStatus(key, reference, "refunded");
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND event_type = 'refund.processed'",
                        reference))
                .isEqualTo(1);
    }

    @Test
    void nonJsonReversalAnswerLeavesTheRefundPendingAndItIsSentAgain() {
        JsonNode paid = completedPayment("0712346200");
        String reference = paid.path("reference").asText();
        post("/sim/daraja/__sim/reversal/answer", null, "{\"mode\":\"html_404\"}", Map.of());

        Reply refund = refund(reference, "");
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        assertThat(refund.json().path("status").asText()).isEqualTo("pending");
        assertThat(refundStatus(reference)).isEqualTo("pending");
        assertThat(payment(key, reference).json().path("amount_refunded").decimalValue())
                .isEqualByComparingTo("100");

        post("/sim/daraja/__sim/reversal/answer", null, "{\"mode\":\"normal\"}", Map.of());
        awaitPayment(key, reference, p -> "refunded".equals(p.path("status").asText()), Duration.ofSeconds(30));
        assertThat(refundStatus(reference)).isEqualTo("processed");
        assertThat(count(
                        "SELECT r.send_attempts FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.reference = ?",
                        reference))
                .isEqualTo(2);
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND event_type = 'refund.processed'",
                        reference))
                .isEqualTo(1);
    }

    @Test
    void reversalNeverConfirmedNeedsReviewAfterTheAttemptLimit() {
        JsonNode paid = completedPayment("0712346300");
        String reference = paid.path("reference").asText();
        post("/sim/daraja/__sim/reversal/answer", null, "{\"mode\":\"html_404\"}", Map.of());

        assertThat(refund(reference, "").status()).isEqualTo(201);
        // the test profile allows 2 attempts: the request, then one more on the refund check schedule
        awaitPayment(key, reference, p -> "needs_review".equals(refundStatus(reference)), Duration.ofSeconds(30));
        assertThat(jdbc.queryForObject(
                        "SELECT r.failure_code FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                + "WHERE p.reference = ?",
                        String.class,
                        reference))
                .isEqualTo("NOT_CONFIRMED");
        // the money may have moved: the payment keeps the refund's amount and no refund.failed is sent
        assertThat(payment(key, reference).json().path("amount_refunded").decimalValue())
                .isEqualByComparingTo("100");
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        reference))
                .contains("refund.needs_review")
                .doesNotContain("refund.failed");
    }

    @Test
    void lateResultOfAReversalSentAgainIsAlreadyReversedAndChangesNothing() {
        JsonNode paid = completedPayment("0712345900");
        String reference = paid.path("reference").asText();
        post("/sim/daraja/__sim/results/mode", null, "{\"mode\":\"late\",\"delay_ms\":4000}", Map.of());

        assertThat(refund(reference, "").status()).isEqualTo(201);
        String first = jdbc.queryForObject(
                "SELECT r.provider_refund_id FROM refunds r JOIN payments p "
                        + "ON p.id = r.payment_id WHERE p.reference = ?",
                String.class,
                reference);
        // the reconciliation job sends the reversal again before the late Result: Daraja answers R000001
        awaitStatus(key, reference, "refunded");
        // the first Result arrives late and finds the refund finished
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE kind = 'reversal_result' "
                                        + "AND correlation_id = ?",
                                first)
                        > 0);
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND event_type = 'refund.processed'",
                        reference))
                .isEqualTo(1);
        assertThat(count("SELECT refunded_minor FROM payments WHERE reference = ?", reference))
                .isEqualTo(10_000L);
    }

    @Test
    void resultsWithoutTheTokenOrMalformedAreRefusedWithoutA500() {
        String result =
                "{\"Result\":{\"ResultType\":0,\"ResultCode\":0,\"ResultDesc\":\"ok\",\"OriginatorConversationID\":\"1\","
                        + "\"ConversationID\":\"AG_UNKNOWN\",\"TransactionID\":\"X\",\"ReferenceData\":{\"ReferenceItem\":[{\"Key\":\"Occasion\"}]}}}";
        assertProblem(post("/api/v1/payments/mpesa/result/reversal/wrong", null, result, Map.of()), 401, null);
        assertProblem(
                post("/api/v1/payments/mpesa/result/reversal/dev-callback-token", null, "{\"Result\":{}}", Map.of()),
                400,
                null);
        assertProblem(
                post("/api/v1/payments/mpesa/result/reversal/dev-callback-token", null, "not json", Map.of()),
                400,
                "body");
        Reply unknown = post("/api/v1/payments/mpesa/result/reversal/dev-callback-token", null, result, Map.of());
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT outcome FROM provider_callbacks WHERE correlation_id = 'AG_UNKNOWN'", String.class))
                .isEqualTo("unmatched");
        assertThat(post(
                                "/api/v1/payments/mpesa/timeout/reversal/dev-callback-token",
                                null,
                                "{\"Result\":{\"ResultType\":1,\"ResultCode\":\"SVC0403\",\"ConversationID\":\"AG_T\",\"OriginatorConversationID\":\"2\"}}",
                                Map.of())
                        .status())
                .isEqualTo(200);
    }
}
