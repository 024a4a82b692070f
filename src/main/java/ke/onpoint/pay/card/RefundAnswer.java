package ke.onpoint.pay.card;

/** A processor's synchronous answer to a refund request. */
public record RefundAnswer(Status status, String providerRefundId, String message) {

    public enum Status {
        /** Accepted, outcome arrives later (webhook). */
        PENDING,
        /** Done. */
        PROCESSED,
        /** Refused or failed. */
        FAILED
    }
}
