package ke.onpoint.simulator.paystack;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * One transfer (§2.7): {@code pending} when initiated, then {@code success} or {@code failed}, and a successful one
 * may later be {@code reversed} (the money comes back). Guarded by its own lock; the JSON views are snapshots.
 */
final class PaystackTransfer {

    static final String PENDING = "pending";
    static final String SUCCESS = "success";
    static final String FAILED = "failed";
    static final String REVERSED = "reversed";

    private final long id;
    private final String code;
    private final TransferRequests.Transfer request;
    private final String reference;
    private final PaystackRecipient recipient;
    private final long fee;
    private final TransferScenario scenario;
    private final Instant createdAt;

    private String status = PENDING;
    private String gatewayResponse;
    private Instant updatedAt;
    private Instant transferredAt;
    private String sessionId;

    PaystackTransfer(
            long id,
            String code,
            TransferRequests.Transfer request,
            String reference,
            PaystackRecipient recipient,
            long fee,
            TransferScenario scenario,
            Instant createdAt) {
        this.id = id;
        this.code = code;
        this.request = request;
        this.reference = reference;
        this.recipient = recipient;
        this.fee = fee;
        this.scenario = scenario;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    long id() {
        return id;
    }

    String code() {
        return code;
    }

    String reference() {
        return reference;
    }

    long amount() {
        return request.amount();
    }

    String currency() {
        return request.currency();
    }

    long fee() {
        return fee;
    }

    PaystackRecipient recipient() {
        return recipient;
    }

    TransferScenario scenario() {
        return scenario;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized String status() {
        return status;
    }

    /** pending → success; false when it was decided already. */
    synchronized boolean succeed(Instant now) {
        if (!PENDING.equals(status)) {
            return false;
        }
        status = SUCCESS;
        gatewayResponse = "Approved";
        transferredAt = now;
        updatedAt = now;
        sessionId = PaystackIds.mpesaReceipt();
        return true;
    }

    /** pending → failed; false when it was decided already. */
    synchronized boolean fail(Instant now, String reason) {
        if (!PENDING.equals(status)) {
            return false;
        }
        status = FAILED;
        gatewayResponse = reason;
        updatedAt = now;
        return true;
    }

    /** success → reversed: the recipient's side could not take it and the money came back. */
    synchronized boolean reverse(Instant now) {
        if (!SUCCESS.equals(status)) {
            return false;
        }
        status = REVERSED;
        gatewayResponse = "Transfer reversed: the recipient could not be credited";
        updatedAt = now;
        return true;
    }

    /** {@code POST /transfer}'s data (OpenAPI TransferCreateResponse): the recipient as its id. */
    synchronized ObjectNode toCreateJson() {
        ObjectNode json = SimulatorJson.object();
        json.putArray("transfersessionid");
        json.putArray("transfertrials");
        common(json);
        json.put("recipient", recipient.id()).put("request", id);
        return json;
    }

    /** Fetch, verify and list (OpenAPI TransferFetchResponse): the recipient in full, fee and session. */
    synchronized ObjectNode toJson() {
        ObjectNode json = SimulatorJson.object();
        common(json);
        json.put("request", id);
        json.set("recipient", recipient.toJson());
        json.putObject("session")
                .put("provider", sessionId == null ? null : "mpesa")
                .put("id", sessionId);
        json.put("fee_charged", fee);
        json.putNull("fees_breakdown");
        json.put("gateway_response", gatewayResponse);
        return json;
    }

    /** The transfer.* webhooks' data: as fetch, but {@code integration} is an object there (§2.7). */
    synchronized ObjectNode toWebhookJson() {
        ObjectNode json = toJson();
        json.putObject("integration")
                .put("id", PaystackRecipient.INTEGRATION)
                .put("is_live", false)
                .put("business_name", "OnPoint Simulated Business");
        return json;
    }

    /** The fetch view plus the scenario, for {@code /__sim}. */
    synchronized ObjectNode toControlJson() {
        return toJson().put("scenario", scenario.name().toLowerCase(Locale.ROOT));
    }

    private void common(ObjectNode json) {
        json.put("domain", "test")
                .put("amount", request.amount())
                .put("currency", request.currency())
                .put("reference", reference)
                .put("source", request.source())
                .putNull("source_details")
                .put("reason", request.reason() == null ? "" : request.reason())
                .put("status", status)
                .putNull("failures")
                .put("transfer_code", code)
                .putNull("titan_code")
                .put("transferred_at", PaystackJson.time(transferredAt))
                .put("id", id)
                .put("integration", PaystackRecipient.INTEGRATION)
                .put("createdAt", PaystackJson.time(createdAt))
                .put("updatedAt", PaystackJson.time(updatedAt));
    }
}
