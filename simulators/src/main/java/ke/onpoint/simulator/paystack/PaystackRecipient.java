package ke.onpoint.simulator.paystack;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/** A transfer recipient (§2.7), immutable once created. */
record PaystackRecipient(long id, String code, TransferRequests.Recipient request, Instant createdAt) {

    /** The integration id in the simulator's answers (a number in API answers, an object in webhooks). */
    static final long INTEGRATION = 463433;

    String bankName() {
        return TransferRequests.BANKS.get(request.bankCode());
    }

    /** As {@code POST /transferrecipient} and the transfer views embed it (OpenAPI TransferRecipientCreateResponse). */
    ObjectNode toJson() {
        ObjectNode json = SimulatorJson.object()
                .put("active", true)
                .put("createdAt", PaystackJson.time(createdAt))
                .put("currency", request.currency())
                .put("description", request.description() == null ? "" : request.description())
                .put("domain", "test")
                .put("email", (String) null)
                .put("id", id)
                .put("integration", INTEGRATION)
                .put("name", request.name())
                .put("recipient_code", code)
                .put("type", request.type())
                .put("updatedAt", PaystackJson.time(createdAt))
                .put("is_deleted", false)
                .put("isDeleted", false);
        json.set(
                "metadata",
                request.metadata() == null ? null : request.metadata().deepCopy());
        json.putObject("details")
                .putNull("authorization_code")
                .put("account_number", request.accountNumber())
                .put("account_name", (String) null)
                .put("bank_code", request.bankCode())
                .put("bank_name", bankName());
        return json;
    }
}
