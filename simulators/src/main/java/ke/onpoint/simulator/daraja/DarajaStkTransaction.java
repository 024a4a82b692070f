package ke.onpoint.simulator.daraja;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * One accepted STK push as the simulator sees it. The request side is immutable; the outcome is set exactly once
 * (compare-and-set), so the scheduled outcome and a manual resolve can race safely: the first one wins.
 */
final class DarajaStkTransaction {

    /** The final state. {@code receipt} is only set for ResultCode 0. */
    record Outcome(int resultCode, String resultDesc, String receipt, Instant resolvedAt) {

        boolean successful() {
            return resultCode == StkResultCodes.SUCCESS;
        }

        /** Daraja's TransactionDate: EAT local time as the number yyyyMMddHHmmss. */
        long transactionDate() {
            return Long.parseLong(DarajaTime.TIMESTAMP.format(resolvedAt));
        }
    }

    private final String checkoutRequestId;
    private final String merchantRequestId;
    private final StkRequestValidator.Push request;
    private final StkScenario scenario;
    private final Instant createdAt;
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();
    private volatile Future<?> scheduledOutcome;
    private volatile boolean scheduledOutcomeStarted;
    private volatile boolean scheduledOutcomeRan;
    /** Test controls: the Amount the callback reports (else the one pushed), fields that replace STK Query's answer. */
    private volatile Long reportedAmount;

    private volatile ObjectNode queryAnswerOverride;

    DarajaStkTransaction(
            String checkoutRequestId,
            String merchantRequestId,
            StkRequestValidator.Push request,
            StkScenario scenario,
            Instant createdAt) {
        this.checkoutRequestId = checkoutRequestId;
        this.merchantRequestId = merchantRequestId;
        this.request = request;
        this.scenario = scenario;
        this.createdAt = createdAt;
    }

    /** Sets the outcome unless one is set already; true when this call decided it. */
    boolean finish(int resultCode, String resultDesc, Instant at) {
        String receipt = resultCode == StkResultCodes.SUCCESS ? DarajaIds.receiptNumber() : null;
        boolean decided = outcome.compareAndSet(null, new Outcome(resultCode, resultDesc, receipt, at));
        Future<?> scheduled = scheduledOutcome;
        if (decided && scheduled != null) {
            scheduled.cancel(false); // harmless if it is the scheduled task itself that is running
        }
        return decided;
    }

    void scheduledOutcome(Future<?> future) {
        this.scheduledOutcome = future;
    }

    void scheduledOutcomeStarted() {
        this.scheduledOutcomeStarted = true;
    }

    void scheduledOutcomeRan() {
        this.scheduledOutcomeRan = true;
    }

    /**
     * Whether the scenario's own outcome is behind this transaction: it has run to the end (having handed any
     * callback to the sender), or it was called off before it could decide anything. For tests.
     */
    boolean scheduledOutcomeSettled() {
        Future<?> scheduled = scheduledOutcome;
        return scheduledOutcomeRan || scheduled != null && scheduled.isCancelled() && !scheduledOutcomeStarted;
    }

    void reportAmount(Long amount) {
        this.reportedAmount = amount;
    }

    void overrideQueryAnswer(ObjectNode fields) {
        this.queryAnswerOverride = fields == null || fields.isEmpty() ? null : fields.deepCopy();
    }

    /** STK Query's answer with the test's replacements applied. */
    ObjectNode queryAnswer(ObjectNode answer) {
        ObjectNode override = queryAnswerOverride;
        if (override != null) {
            answer.setAll(override);
        }
        return answer;
    }

    Outcome outcome() {
        return outcome.get();
    }

    boolean pending() {
        return outcome.get() == null;
    }

    String checkoutRequestId() {
        return checkoutRequestId;
    }

    String merchantRequestId() {
        return merchantRequestId;
    }

    StkRequestValidator.Push request() {
        return request;
    }

    StkScenario scenario() {
        return scenario;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Safaricom's callback body for the given outcome; CallbackMetadata only on success. */
    ObjectNode callbackBody(Outcome outcome) {
        ObjectNode stkCallback = SimulatorJson.object()
                .put("MerchantRequestID", merchantRequestId)
                .put("CheckoutRequestID", checkoutRequestId)
                .put("ResultCode", outcome.resultCode())
                .put("ResultDesc", outcome.resultDesc());
        if (outcome.successful()) {
            ObjectNode metadata = stkCallback.putObject("CallbackMetadata");
            var items = metadata.putArray("Item");
            Long reported = reportedAmount;
            items.addObject().put("Name", "Amount").put("Value", reported != null ? reported : request.amount());
            items.addObject().put("Name", "MpesaReceiptNumber").put("Value", outcome.receipt());
            items.addObject().put("Name", "Balance"); // newer Daraja sends no Value here
            items.addObject().put("Name", "TransactionDate").put("Value", outcome.transactionDate());
            items.addObject().put("Name", "PhoneNumber").put("Value", Long.parseLong(request.phoneNumber()));
        }
        ObjectNode root = SimulatorJson.object();
        root.putObject("Body").set("stkCallback", stkCallback);
        return root;
    }

    /** The simulator's own view for {@code GET /__sim/transactions/{id}}. */
    ObjectNode toJson() {
        Outcome current = outcome.get();
        ObjectNode json = SimulatorJson.object()
                .put("checkout_request_id", checkoutRequestId)
                .put("merchant_request_id", merchantRequestId)
                .put("status", current == null ? "pending" : "final")
                .put("scenario", scenario.name().toLowerCase(Locale.ROOT))
                .put("amount", request.amount())
                .put("phone", request.phoneNumber())
                .put("party_a", request.partyA())
                .put("account_reference", request.accountReference())
                .put("callback_url", request.callbackUrl())
                .put("created_at", createdAt.toString());
        if (current != null) {
            json.put("result_code", current.resultCode())
                    .put("result_desc", current.resultDesc())
                    .put("receipt", current.receipt())
                    .put("resolved_at", current.resolvedAt().toString());
        } else {
            json.putNull("result_code")
                    .putNull("result_desc")
                    .putNull("receipt")
                    .putNull("resolved_at");
        }
        return json;
    }
}
