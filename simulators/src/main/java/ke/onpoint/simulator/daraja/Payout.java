package ke.onpoint.simulator.daraja;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * One B2C or B2B payout the simulator accepted. It is executed when accepted (the float moves, the receipt exists),
 * so Transaction Status knows its outcome even when its Result is late, lost or duplicated. {@code requests} counts
 * every request that carried its OriginatorConversationID, refused duplicates included, so a test can tell "sent
 * once" from "sent again and refused"; {@code resultsSent} counts the Result POSTs made.
 *
 * @param resultCode    "0", or the failure's code ("1", "2001", "SFC_IC0003", …)
 * @param transactionId the M-Pesa receipt on success; on failure B2C's failed-transaction id or B2B's placeholder
 * @param after         the paying shortcode's accounts after the payout (unchanged when it failed)
 * @param charge        what Charges Paid was debited (B2C tariff, §4), 0 on failure
 */
record Payout(
        PayoutRequests.PayoutRequest request,
        String originatorConversationId,
        String conversationId,
        Instant receivedAt,
        PayoutScenario scenario,
        String resultCode,
        String resultDesc,
        String transactionId,
        OrgAccounts.Balances after,
        long charge,
        AtomicInteger requests,
        AtomicInteger resultsSent) {

    boolean succeeded() {
        return "0".equals(resultCode);
    }

    PayoutRequests.Kind kind() {
        return request.kind();
    }

    /** As Transaction Status and the org statement say it: Completed, or Failed. */
    String transactionStatus() {
        return succeeded() ? "Completed" : "Failed";
    }

    /** The control API's view. */
    ObjectNode toJson() {
        return SimulatorJson.object()
                .put("originator_conversation_id", originatorConversationId)
                .put("conversation_id", conversationId)
                .put("kind", kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("version", request.version())
                .put("command_id", request.commandId())
                .put("party_a", request.partyA())
                .put("party_b", request.partyB())
                .put("account_reference", request.accountReference())
                .put("amount", request.amount())
                .put("scenario", scenario.wireName())
                .put("status", succeeded() ? "completed" : "failed")
                .put("result_code", resultCode)
                .put("result_desc", resultDesc)
                .put("transaction_id", transactionId)
                .put("charge", charge)
                .put("received_at", receivedAt.toString())
                .put("requests", requests.get())
                .put("results_sent", resultsSent.get());
    }
}
