package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.dashboard.PaymentTimeline;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.merchant.MerchantUsers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.settlement.SettlementRun;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code archive} command on payments of every kind, aged by SQL to the year 2000 (no other test ages its payments
 * that far, so the counts are this test's own): what ended and is settled moves with everything that depends on it;
 * what is still pending, unsettled, awaiting a webhook delivery or a person stays; the API still answers by
 * reference, refuses a refund, and replays an Idempotency-Key without a new payment. The ledger holds afterwards
 * (GatewayTest checks it after every test).
 */
class PaymentArchiveIT extends MerchantMoneyTest {

    private static final LocalDate TODAY = LocalDate.now(EastAfricaTime.ZONE);
    private static final LocalDate CUTOFF = LocalDate.of(2001, 1, 1);

    @Autowired
    PaymentArchive archive;

    @Autowired
    SettlementRun settlementRun;

    @Autowired
    PaymentTimeline timeline;

    @Autowired
    MerchantUsers users;

    private static String array(List<String> values) {
        return "{" + String.join(",", values) + "}";
    }

    private long live(String table, String where, String reference) {
        return count("SELECT count(*) FROM " + table + " WHERE " + where, reference);
    }

    /** Rows about a payment, live or archived ({@code prefix} "" or "archive_"). */
    private Map<String, Long> rowsOf(String prefix, String reference) {
        String events = "SELECT event_id FROM " + prefix + "outbox_events WHERE aggregate_reference = ?";
        return Map.of(
                "refunds",
                count(
                        "SELECT count(*) FROM " + prefix + "refunds r JOIN " + prefix
                                + "payments p ON p.id = r.payment_id WHERE p.reference = ?",
                        reference),
                "outbox_events",
                count("SELECT count(*) FROM " + prefix + "outbox_events WHERE aggregate_reference = ?", reference),
                "webhook_deliveries",
                count(
                        "SELECT count(*) FROM " + prefix + "webhook_deliveries WHERE event_id IN (" + events + ")",
                        reference),
                "provider_callbacks",
                count(
                        "SELECT count(*) FROM " + prefix + "provider_callbacks c JOIN " + prefix
                                + "payments p ON c.correlation_id = p.checkout_request_id WHERE p.reference = ?",
                        reference));
    }

    @Test
    void movesWhatEndedAndIsSettledWithItsRowsAndStillAnswersByReference() {
        Merchant merchant = merchant();
        String key = merchant.testKey();
        long merchantId = merchant.owner().merchantId();

        // refunded in full (an M-Pesa reversal), then settled; Safaricom was asked about it once
        String refunded = paid(key, 1000).path("reference").asText();
        Reply refund = post("/api/v1/payments/refund", key, "{\"reference\":\"" + refunded + "\"}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        awaitStatus(key, refunded, "refunded");
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                        + "WHERE p.reference = ? AND r.status = 'processed'",
                                refunded)
                        == 1);
        settlementRun.run(TODAY.plusDays(1), "test");
        jdbc.update(
                "INSERT INTO status_queries (conversation_id, payment_id, receipt, status) "
                        + "SELECT 'AG_archive_' || id, id, 'RCPT' || id, 'answered' FROM payments WHERE reference = ?",
                refunded);

        // failed, started with an Idempotency-Key; its one webhook was delivered at the first attempt
        String idempotencyKey = "archive-" + uniqueReference();
        String failedBody = "{\"amount\":50,\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"" + FAILS
                + "\",\"reference\":\"" + uniqueReference() + "\"}";
        Reply started = post("/api/v1/payments/initiate", key, failedBody, Map.of("Idempotency-Key", idempotencyKey));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String failed = started.json().path("reference").asText();
        awaitStatus(key, failed, "failed");

        String cancelled = awaitStatus(key, pay(key, 60, CANCELS, null), "cancelled")
                .path("reference")
                .asText();
        String heldForReview = awaitStatus(key, pay(key, 80, FAILS, null), "failed")
                .path("reference")
                .asText();
        String unsettled = paid(key, 70).path("reference").asText(); // captured after the settlement run
        String recent = awaitStatus(key, pay(key, 90, FAILS, null), "failed")
                .path("reference")
                .asText();
        // a payment still waiting for M-Pesa (the reconciliation job does not look at it for a day)
        String pending = "TXNARCHIVEPENDING" + merchantId;
        jdbc.update("""
                INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status,
                                      amount_minor, currency, next_check_at)
                VALUES (?, ?, 'test', ?, 'mpesa', 'mpesa', 'pending', 10000, 'KES', now() + interval '1 day')""", pending, merchantId, "pending-" + merchantId);

        List<String> old = List.of(refunded, failed, cancelled, heldForReview, unsettled, pending);
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM outbox_events WHERE published_at IS NULL "
                                        + "AND aggregate_reference = ANY (?::text[])",
                                array(old))
                        == 0);
        // the merchant's endpoint: the failed payment's first event delivered after one attempt, the cancelled
        // payment's still being retried
        jdbc.update("""
                INSERT INTO webhook_deliveries (public_id, event_id, merchant_id, mode, url, status, attempts, delivered_at)
                SELECT 'whd_archive_' || id, event_id, merchant_id, mode, 'https://merchant.example/hooks', 'delivered', 1,
                       now()
                FROM outbox_events WHERE aggregate_reference = ? ORDER BY id LIMIT 1""", failed);
        jdbc.update("""
                INSERT INTO webhook_attempts (delivery_id, status_code, latency_ms)
                SELECT d.id, 200, 12 FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id
                WHERE o.aggregate_reference = ?""", failed);
        jdbc.update("""
                INSERT INTO webhook_deliveries (public_id, event_id, merchant_id, mode, url, status, attempts,
                                                next_attempt_at)
                SELECT 'whd_archive_' || id, event_id, merchant_id, mode, 'https://merchant.example/hooks', 'pending', 3,
                       now() + interval '1 day'
                FROM outbox_events WHERE aggregate_reference = ? ORDER BY id LIMIT 1""", cancelled);
        // a message about this payment that a person has still to look at
        jdbc.update("""
                INSERT INTO provider_callbacks (provider, kind, correlation_id, outcome, note, payload)
                SELECT 'mpesa', 'stk_callback', checkout_request_id, 'needs_review', 'AMOUNT_MISMATCH: test', '{}'
                FROM payments WHERE reference = ?""", heldForReview);
        jdbc.update(
                "UPDATE payments SET created_at = '2000-06-01T09:00:00+03:00' WHERE reference = ANY (?::text[])",
                array(old));

        Map<String, Long> refundedRows = rowsOf("", refunded);
        Map<String, Long> failedRows = rowsOf("", failed);
        assertThat(refundedRows.get("refunds")).isEqualTo(1);
        assertThat(refundedRows.get("provider_callbacks")).isGreaterThanOrEqualTo(1);
        assertThat(failedRows.get("webhook_deliveries")).isEqualTo(1);
        MerchantPrincipal owner =
                users.principal(merchant.owner().userId(), "test").orElseThrow();
        List<PaymentTimeline.Entry> refundedStory = timeline.of(owner, refunded);
        List<PaymentTimeline.Entry> failedStory = timeline.of(owner, failed);
        assertThat(refundedStory)
                .extracting(PaymentTimeline.Entry::kind)
                .contains("initiated", "check", "refund", "event", "callback");
        assertThat(failedStory).extracting(PaymentTimeline.Entry::kind).contains("webhook");
        long payments = count("SELECT count(*) FROM payments WHERE merchant_id = ?", merchantId);
        long ledgerEntries = count("SELECT count(*) FROM ledger_entries");
        long audits = count("SELECT count(*) FROM audit_logs WHERE action = 'payments.archived'");

        // a dry run counts without moving
        PaymentArchive.Report dry = archive.run(CUTOFF, 1000, true, "test", line -> {});
        assertThat(dry.payments()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM archive_payments WHERE reference = ANY (?::text[])", array(old)))
                .isZero();

        List<String> progress = new ArrayList<>();
        PaymentArchive.Report report = archive.run(CUTOFF, 1, false, "test", progress::add);

        assertThat(report.payments()).isEqualTo(2);
        assertThat(report.batches()).isEqualTo(2);
        assertThat(progress).hasSize(2);
        assertThat(report.rows())
                .containsEntry("refunds", 1L)
                .containsEntry("status_queries", 1L)
                .containsEntry("webhook_deliveries", 1L)
                .containsEntry("webhook_attempts", 1L)
                .containsEntry("outbox_events", refundedRows.get("outbox_events") + failedRows.get("outbox_events"));
        assertThat(report.rows().get("refund_provider_ids")).isGreaterThanOrEqualTo(1);
        assertThat(report.rows().get("provider_callbacks"))
                .isGreaterThanOrEqualTo(refundedRows.get("provider_callbacks") + failedRows.get("provider_callbacks"));
        // what stays: pending, unsettled, a delivery still retried, a message awaiting review (and today's payment)
        assertThat(report.stayed()).isEqualTo(4);
        for (String moved : List.of(refunded, failed)) {
            assertThat(live("payments", "reference = ?", moved)).as(moved).isZero();
            assertThat(live("archive_payments", "reference = ?", moved))
                    .as(moved)
                    .isEqualTo(1);
            assertThat(rowsOf("", moved).values()).as(moved).containsOnly(0L);
        }
        assertThat(rowsOf("archive_", refunded)).isEqualTo(refundedRows);
        // the dashboard tells an archived payment's story from the archive, as it was told before
        assertThat(timeline.of(owner, refunded)).isEqualTo(refundedStory);
        assertThat(timeline.of(owner, failed)).isEqualTo(failedStory);
        assertThat(rowsOf("archive_", failed)).isEqualTo(failedRows);
        assertThat(count(
                        "SELECT count(*) FROM archive_webhook_attempts a JOIN archive_webhook_deliveries d "
                                + "ON d.id = a.delivery_id JOIN archive_outbox_events o ON o.event_id = d.event_id "
                                + "WHERE o.aggregate_reference = ?",
                        failed))
                .isEqualTo(1);
        for (String stays : List.of(cancelled, heldForReview, unsettled, pending, recent)) {
            assertThat(live("payments", "reference = ?", stays)).as(stays).isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_id = ?", merchantId))
                .isEqualTo(payments - 2);
        // the ledger is not archived
        assertThat(count("SELECT count(*) FROM ledger_entries")).isEqualTo(ledgerEntries);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE action = 'payments.archived'"))
                .isEqualTo(audits + 2);

        // the API still finds it, by the gateway's reference and by the merchant's own
        Reply archived = payment(key, refunded);
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        assertThat(archived.json().path("status").asText()).isEqualTo("refunded");
        assertThat(archived.json().path("amount").decimalValue()).isEqualByComparingTo("1000.00");
        String merchantReference = archived.json().path("merchant_reference").asText();
        if (!merchantReference.isEmpty()) {
            assertThat(payment(key, merchantReference).json().path("reference").asText())
                    .isEqualTo(refunded);
        }
        Reply status = post("/api/v1/payments/status", key, "{\"reference\":\"" + failed + "\"}", Map.of());
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().path("status").asText()).isEqualTo("failed");
        // another merchant does not see it
        assertThat(payment(merchant().testKey(), refunded).status()).isEqualTo(404);
        // a refund of an archived payment is refused, naming the field
        Reply refused = post("/api/v1/payments/refund", key, "{\"reference\":\"" + refunded + "\"}", Map.of());
        assertProblem(refused, 409, "reference");
        assertThat(refused.json().path("detail").asText()).contains("archived");
        // the Idempotency-Key's answer is kept: a retry gets the archived payment, not a new one
        Reply replay = post("/api/v1/payments/initiate", key, failedBody, Map.of("Idempotency-Key", idempotencyKey));
        assertThat(replay.status()).as(replay.body()).isEqualTo(201);
        assertThat(replay.json().path("reference").asText()).isEqualTo(failed);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_id = ?", merchantId))
                .isEqualTo(payments - 2);

        // a rerun finds nothing more
        assertThat(archive.run(CUTOFF, 1000, false, "test", line -> {}).payments())
                .isZero();

        // once its webhook is delivered, the cancelled payment goes too
        jdbc.update("""
                UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), next_attempt_at = NULL
                WHERE event_id IN (SELECT event_id FROM outbox_events WHERE aggregate_reference = ?)""", cancelled);
        PaymentArchive.Report later = archive.run(CUTOFF, 1000, false, "test", line -> {});
        assertThat(later.payments()).isEqualTo(1);
        assertThat(later.stayed()).isEqualTo(3);
        assertThat(live("archive_payments", "reference = ?", cancelled)).isEqualTo(1);
        assertThat(payment(key, cancelled).json().path("status").asText()).isEqualTo("cancelled");
    }
}
