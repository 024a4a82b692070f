package ke.onpoint.pay.mpesa;

import java.util.Optional;
import java.util.Set;

import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import ke.onpoint.pay.settlement.PayoutAnswer;
import ke.onpoint.pay.settlement.PayoutResults;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What Daraja's payout Results mean, handed to the core's {@link PayoutResults}: a B2C/B2B Result names the payout by
 * our OriginatorConversationID (or, if Daraja put its own there, by the ConversationID its acknowledgement gave us);
 * a Transaction Status Result by the query's ConversationID we kept. Amounts are read from the Result itself
 * (B2C {@code TransactionAmount}, B2B and status {@code Amount}) and checked by the core; one missing reads as a
 * mismatch, never as paid.
 */
@Component
class MpesaPayoutResults {

    static final String STATUS = "payoutstatus";
    private static final Set<String> NOT_PAID = Set.of("Cancelled", "Declined", "Expired", "Failed");
    /** The M-Pesa core's "Duplicate Detected": a second request under our id, which says nothing of the first. */
    private static final String DUPLICATE_DETECTED = "15";

    /** What was done with a Result, and the payout it concerned (null when none). */
    record Applied(String reference, Outcome outcome) {}

    private final PayoutResults results;
    private final JdbcTemplate jdbc;

    MpesaPayoutResults(PayoutResults results, JdbcTemplate jdbc) {
        this.results = results;
        this.jdbc = jdbc;
    }

    /** A B2C or B2B Result. */
    Applied payoutResult(DarajaResult result, String kind, String payload) {
        String reference = payoutReference(result).orElse(null);
        PayoutAnswer answer;
        if (result.resultType() != 0 || DUPLICATE_DETECTED.equals(result.resultCode())) {
            answer = new PayoutAnswer.Unknown(
                    "ResultType " + result.resultType() + ", ResultCode " + result.resultCode());
        } else if (result.succeeded()) {
            String amount = result.parameters()
                    .getOrDefault("TransactionAmount", result.parameters().get("Amount"));
            String receipt = result.parameters().getOrDefault("TransactionReceipt", result.transactionId());
            answer = new PayoutAnswer.Paid(
                    result.conversationId(),
                    receipt,
                    minor(amount),
                    result.parameters().getOrDefault("Currency", "KES"));
        } else {
            answer = new PayoutAnswer.Failed(result.resultCode(), result.resultDesc());
        }
        return new Applied(
                reference, results.apply(StkCallbacks.PROVIDER, reference, answer, kind + "_result", payload));
    }

    /** A Transaction Status Result about a payout; UNMATCHED when it answers no payout question of ours. */
    Applied statusResult(DarajaResult result, String payload) {
        Optional<String> reference =
                jdbc.queryForList("""
                        UPDATE payout_status_queries q SET answered_at = now(), result_code = ?
                        FROM payouts p WHERE p.id = q.payout_id AND q.conversation_id = ? AND q.answered_at IS NULL
                        RETURNING p.reference""", String.class, result.resultCode(), result.conversationId()).stream()
                        .findFirst();
        if (reference.isEmpty()) {
            return new Applied(null, Outcome.DUPLICATE); // answered before, or never asked by us: nothing to apply
        }
        String status = result.parameters().get("TransactionStatus");
        PayoutAnswer answer;
        if (result.succeeded() && "Completed".equalsIgnoreCase(status)) {
            answer = new PayoutAnswer.Paid(
                    null,
                    result.parameters().get("ReceiptNo"),
                    minor(result.parameters().get("Amount")),
                    "KES");
        } else if (result.succeeded() && status != null && NOT_PAID.contains(status)) {
            answer = new PayoutAnswer.Failed(
                    "STATUS_" + status.toUpperCase(java.util.Locale.ROOT), "M-Pesa reports the payout " + status);
        } else if (notFound(result)) {
            answer = new PayoutAnswer.NotFound(result.resultDesc());
        } else {
            answer = new PayoutAnswer.Unknown("ResultCode " + result.resultCode() + ", status " + status);
        }
        return new Applied(
                reference.get(),
                results.apply(StkCallbacks.PROVIDER, reference.get(), answer, STATUS + "_result", payload));
    }

    /** A QueueTimeOutURL notice: Daraja's queue gave up on the request, its outcome is unknown; asked about soon. */
    Applied timeout(DarajaResult timeout) {
        String reference = payoutReference(timeout).orElse(null);
        return new Applied(
                reference, reference != null && results.askSoon(reference) ? Outcome.APPLIED : Outcome.UNMATCHED);
    }

    /** Transaction Status for an id M-Pesa never saw: "OriginalConversationID is invalid" (R000002, the simulator's answer), or a receipt that "does not exist" (2). */
    private static boolean notFound(DarajaResult result) {
        String desc = result.resultDesc() == null ? "" : result.resultDesc().toLowerCase(java.util.Locale.ROOT);
        return "R000002".equals(result.resultCode())
                || "2".equals(result.resultCode())
                || desc.contains("does not exist")
                || desc.contains("not found");
    }

    private Optional<String> payoutReference(DarajaResult result) {
        String originator = result.originatorConversationId();
        if (originator != null && !originator.isBlank() && results.knows(originator)) {
            return Optional.of(originator);
        }
        return results.referenceOf(StkCallbacks.PROVIDER, result.conversationId());
    }

    /** Minor units of Daraja's amount; -1 when absent or unreadable (the core then holds it for review). */
    private static long minor(String amount) {
        Long minor = StkResult.amountMinor(amount);
        return minor == null ? -1 : minor;
    }
}
