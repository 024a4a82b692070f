package ke.onpoint.simulator.paystack;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/** One refund: {@code pending} when created, then {@code processed} or {@code failed} after the webhook delay. */
final class PaystackRefund {

    static final String PENDING = "pending";
    static final String PROCESSED = "processed";
    static final String FAILED = "failed";

    /** Paystack's own: the integration (merchant account) id every object carries. */
    static final long INTEGRATION = 463433;

    static final String REFUNDED_BY = "sim@onpoint.test";

    private final long id;
    private final PaystackTransaction transaction;
    private final long amount;
    private final String currency;
    private final String customerNote;
    private final String merchantNote;
    private final Instant createdAt;
    private final boolean willFail;

    private volatile String status = PENDING;
    private volatile Instant updatedAt;

    PaystackRefund(
            long id,
            PaystackTransaction transaction,
            long amount,
            String currency,
            String customerNote,
            String merchantNote,
            Instant createdAt,
            boolean willFail) {
        this.id = id;
        this.transaction = transaction;
        this.amount = amount;
        this.currency = currency;
        this.customerNote = customerNote;
        this.merchantNote = merchantNote;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.willFail = willFail;
    }

    long id() {
        return id;
    }

    long amount() {
        return amount;
    }

    String status() {
        return status;
    }

    PaystackTransaction transaction() {
        return transaction;
    }

    /** Pending and processed refunds claim their amount; a failed one gives it back. */
    boolean counts() {
        return !FAILED.equals(status);
    }

    /** Decides the refund (as the refund mode said when it was created); false when already decided. */
    boolean complete(Instant now) {
        synchronized (transaction) { // the transaction's unrefunded() reads our status under its lock
            if (!PENDING.equals(status)) {
                return false;
            }
            status = willFail ? FAILED : PROCESSED;
            updatedAt = now;
            return true;
        }
    }

    /** The refund object of create, fetch and list (OpenAPI RefundCreateResponse.data). */
    ObjectNode toJson() {
        boolean processed = PROCESSED.equals(status);
        ObjectNode json = SimulatorJson.object();
        json.set("transaction", transaction.toRefundJson());
        json.put("integration", INTEGRATION)
                .put("deducted_amount", processed ? amount : 0)
                .putNull("channel")
                .put("merchant_note", merchantNote == null ? "" : merchantNote)
                .put("customer_note", customerNote == null ? "" : customerNote)
                .put("status", status)
                .put("refunded_by", REFUNDED_BY)
                .put("expected_at", PaystackJson.time(createdAt.plus(Duration.ofDays(1))))
                .put("currency", currency)
                .put("domain", "test")
                .put("amount", amount)
                .put("fully_deducted", processed)
                .put("id", id)
                .put("createdAt", PaystackJson.time(createdAt))
                .put("updatedAt", PaystackJson.time(updatedAt));
        return json;
    }

    /** The data of {@code refund.processed} / {@code refund.failed} (reference §2.5). */
    ObjectNode webhookData() {
        ObjectNode json = SimulatorJson.object()
                .put("status", status)
                .put("transaction_reference", transaction.reference())
                .put("refund_reference", Long.toString(id))
                .put("amount", amount)
                .put("currency", currency)
                .put("processor", PaystackTransaction.MOBILE_MONEY.equals(transaction.channel()) ? "mpesa" : "card");
        json.set("customer", transaction.customerNameJson());
        json.put("integration", INTEGRATION).put("domain", "test").put("id", id);
        return json;
    }
}
