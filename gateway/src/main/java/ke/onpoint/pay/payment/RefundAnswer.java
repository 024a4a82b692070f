package ke.onpoint.pay.payment;

/** A provider's answer about a refund: synchronous, from a webhook or result, or from a look-up. */
public record RefundAnswer(Status status, String providerRefundId, String message, String failureCode) {

    public RefundAnswer(Status status, String providerRefundId, String message) {
        this(status, providerRefundId, message, null);
    }

    public enum Status {
        /** Accepted, outcome arrives later (webhook). */
        PENDING,
        /** Done. */
        PROCESSED,
        /** Refused or failed. */
        FAILED
    }
}
