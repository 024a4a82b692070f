package ke.onpoint.simulator.daraja;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * What every asynchronous Daraja Result shares (Transaction Status, Reversal, B2C, B2B, Account Balance):
 * {@code {"Result":{"ResultType":0,"ResultCode":…,"ResultDesc":…,"OriginatorConversationID":…,"ConversationID":…,
 * "TransactionID":…}}}, the QueueTimeOutURL notification, and Daraja's yyyyMMddHHmmss times.
 */
final class ResultEnvelope {

    private ResultEnvelope() {}

    /** The Result object (not yet wrapped) with a numeric ResultType 0 and a numeric ResultCode. */
    static ObjectNode head(String originatorConversationId, String conversationId, int code, String desc, String id) {
        return SimulatorJson.object()
                .put("ResultType", 0)
                .put("ResultCode", code)
                .put("ResultDesc", desc)
                .put("OriginatorConversationID", originatorConversationId)
                .put("ConversationID", conversationId)
                .put("TransactionID", id);
    }

    /** The same with a string ResultCode (R000002, SFC_IC0003, …). */
    static ObjectNode head(
            String originatorConversationId, String conversationId, String code, String desc, String id) {
        // replacing a field keeps its place: the same order as the numeric head
        return head(originatorConversationId, conversationId, 0, desc, id).put("ResultCode", code);
    }

    /** {@code {"Result": result}}. */
    static ObjectNode wrap(ObjectNode result) {
        ObjectNode root = SimulatorJson.object();
        root.set("Result", result);
        return root;
    }

    /** What goes to QueueTimeOutURL instead of a Result (its real shape is unverified, §1.14). */
    static ObjectNode timeout(String originatorConversationId, String conversationId) {
        return wrap(SimulatorJson.object()
                .put("ResultType", 1)
                .put("ResultCode", "SVC0403")
                .put("ResultDesc", "Request timed out")
                .put("OriginatorConversationID", originatorConversationId)
                .put("ConversationID", conversationId));
    }

    /** Daraja's times in Results: EAT yyyyMMddHHmmss as a number. */
    static long time(Instant at) {
        return Long.parseLong(DarajaTime.TIMESTAMP.format(at));
    }
}
