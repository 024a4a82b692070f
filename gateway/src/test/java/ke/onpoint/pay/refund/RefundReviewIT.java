package ke.onpoint.pay.refund;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Refunds held for review (an M-Pesa reversal Daraja never answered readably) are decided by the gateway's staff
 * through the admin API: processed posts the refund as Daraja's confirmation would (the payment refunded, the ledger
 * holding, the merchant told), failed gives the reserved amount back; a second verdict, a bad body or a merchant's
 * login changes nothing. Also the callbacks awaiting review, through their admin API.
 */
class RefundReviewIT extends MerchantMoneyTest {

    @Autowired
    ApplicationContext context;

    @Test
    void staffRecordProcessedAndFailedVerdictsOnceAndTheMerchantIsTold() {
        Merchant merchant = merchant();
        String key = merchant.testKey();
        String processedPayment = paid(key, 100).path("reference").asText();
        String failedPayment = paid(key, 40).path("reference").asText();
        List<String> refunds = whileReversalsAnswerUnreadably(
                () -> List.of(heldForReview(key, processedPayment), heldForReview(key, failedPayment)));
        String processedRefund = refunds.get(0);
        String failedRefund = refunds.get(1);
        Session admin = admin(context);

        Reply list = call("GET", "/api/v1/admin/refunds?limit=100", admin.access(), null);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> held = list.json().findValuesAsText("refund_reference");
        assertThat(held).contains(processedRefund, failedRefund);
        assertThat(held.indexOf(processedRefund)).as("oldest first").isLessThan(held.indexOf(failedRefund));
        JsonNode row = entry(list.json(), processedRefund);
        assertThat(row.path("reference").asText()).isEqualTo(processedPayment);
        assertThat(row.path("status").asText()).isEqualTo("needs_review");
        assertThat(row.path("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(row.path("provider").asText()).isEqualTo("mpesa");

        // refused, changing nothing: a merchant's login or key, bad bodies, an unknown refund
        String resolve = "/api/v1/admin/refunds/" + processedRefund + "/resolve";
        String verdict = "{\"outcome\":\"processed\",\"note\":\"Reversal OFR1234 in the org portal\"}";
        assertProblem(call("POST", resolve, merchant.owner().access(), verdict), 403, null);
        assertProblem(call("POST", resolve, key, verdict), 401, null);
        assertProblem(call("GET", "/api/v1/admin/refunds", merchant.owner().access(), null), 403, null);
        assertProblem(call("POST", resolve, admin.access(), "{\"note\":\"checked\"}"), 422, "outcome");
        assertProblem(
                call("POST", resolve, admin.access(), "{\"outcome\":\"refunded\",\"note\":\"x\"}"), 422, "outcome");
        assertProblem(call("POST", resolve, admin.access(), "{\"outcome\":\"processed\"}"), 422, "note");
        assertProblem(
                call("POST", resolve, admin.access(), "{\"outcome\":\"processed\",\"note\":\"  \"}"), 422, "note");
        assertProblem(call("POST", resolve, admin.access(), "{\"outcome\":"), 400, null);
        assertProblem(call("POST", "/api/v1/admin/refunds/RFDNOPE/resolve", admin.access(), verdict), 404, null);
        assertThat(refundStatus(processedRefund)).isEqualTo("needs_review");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'refund.resolved' AND target = ?",
                        processedRefund))
                .isZero();

        Reply processed = call("POST", resolve, admin.access(), verdict);

        assertThat(processed.status()).as(processed.body()).isEqualTo(200);
        assertThat(processed.json().path("status").asText()).isEqualTo("processed");
        JsonNode refunded = awaitStatus(key, processedPayment, "refunded");
        assertThat(refunded.path("amount_refunded").decimalValue()).isEqualByComparingTo("100");
        assertThat(events(processedPayment)).contains("refund.needs_review", "payment.refunded", "refund.processed");
        assertThat(count(
                        "SELECT count(*) FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id "
                                + "WHERE p.kind = 'refund.processed' AND p.reference = ?",
                        processedRefund))
                .isGreaterThan(0);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'refund.resolved' AND target = ? AND actor = ? "
                                + "AND after->>'status' = 'processed'",
                        processedRefund,
                        admin.email()))
                .isEqualTo(1);
        assertProblem(call("POST", resolve, admin.access(), verdict), 409, null);

        Reply failed = call(
                "POST",
                "/api/v1/admin/refunds/" + failedRefund + "/resolve",
                admin.access(),
                "{\"outcome\":\"failed\",\"note\":\"No reversal in the org portal\"}");

        assertThat(failed.status()).as(failed.body()).isEqualTo(200);
        assertThat(failed.json().path("status").asText()).isEqualTo("failed");
        assertThat(failed.json().path("failure_reason").asText()).isEqualTo("No reversal in the org portal");
        JsonNode released = payment(key, failedPayment).json();
        assertThat(released.path("status").asText()).isEqualTo("completed");
        assertThat(released.path("amount_refunded").decimalValue()).isEqualByComparingTo("0");
        assertThat(events(failedPayment)).contains("refund.failed");
        List<String> stillHeld = call("GET", "/api/v1/admin/refunds?limit=100", admin.access(), null)
                .json()
                .findValuesAsText("refund_reference");
        assertThat(stillHeld).doesNotContain(processedRefund, failedRefund);
        // the payment can be refunded again now its reservation is back
        Reply again = post("/api/v1/payments/refund", key, "{\"reference\":\"" + failedPayment + "\"}", Map.of());
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        awaitStatus(key, failedPayment, "refunded");
    }

    @Test
    void staffListReadAndResolveACallbackThatMatchedNothing() {
        String checkout = "ws_CO_REVIEW_" + uniqueReference();
        long id = unmatchedStkCallback(checkout);
        Session admin = admin(context);

        Reply awaiting = call("GET", "/api/v1/admin/callbacks?provider=mpesa&limit=100", admin.access(), null);
        assertThat(awaiting.status()).as(awaiting.body()).isEqualTo(200);
        assertThat(awaiting.json().findValuesAsText("id")).contains("cb_" + id);
        Reply one = call("GET", "/api/v1/admin/callbacks/cb_" + id, admin.access(), null);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().path("correlation_id").asText()).isEqualTo(checkout);
        assertThat(one.json().path("payload").asText()).contains(checkout);
        assertProblem(call("GET", "/api/v1/admin/callbacks?status=lost", admin.access(), null), 422, "status");
        assertProblem(call("GET", "/api/v1/admin/callbacks/cb_0", admin.access(), null), 404, null);
        assertProblem(call("POST", "/api/v1/admin/callbacks/cb_" + id + "/resolve", admin.access(), "{}"), 422, "note");
        assertProblem(call("GET", "/api/v1/admin/callbacks", merchant().owner().access(), null), 403, null);

        Reply resolved = call(
                "POST",
                "/api/v1/admin/callbacks/cb_" + id + "/resolve",
                admin.access(),
                "{\"note\":\"Test callback from Safaricom's sandbox\"}");

        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().path("resolution_note").asText())
                .isEqualTo("Test callback from Safaricom's sandbox");
        assertThat(call("GET", "/api/v1/admin/callbacks?status=resolved&limit=100", admin.access(), null)
                        .json()
                        .findValuesAsText("id"))
                .contains("cb_" + id);
        assertProblem(
                call("POST", "/api/v1/admin/callbacks/cb_" + id + "/resolve", admin.access(), "{\"note\":\"again\"}"),
                409,
                null);
    }

    /** Refunds the payment while Daraja answers nothing readable; waits until the refund is held for review. */
    private String heldForReview(String key, String payment) {
        Reply refund = post("/api/v1/payments/refund", key, "{\"reference\":\"" + payment + "\"}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        String reference = refund.json().path("refund_reference").asText();
        awaitPayment(key, payment, p -> "needs_review".equals(refundStatus(reference)), PATIENCE);
        return reference;
    }

    private String refundStatus(String refundReference) {
        return jdbc.queryForObject("SELECT status FROM refunds WHERE reference = ?", String.class, refundReference);
    }

    private List<String> events(String payment) {
        return jdbc.queryForList(
                "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                String.class,
                payment);
    }

    private static JsonNode entry(JsonNode list, String refundReference) {
        for (JsonNode row : list.path("data")) {
            if (row.path("refund_reference").asText().equals(refundReference)) {
                return row;
            }
        }
        throw new AssertionError(refundReference + " not listed");
    }
}
