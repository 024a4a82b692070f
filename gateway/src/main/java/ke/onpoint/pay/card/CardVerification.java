package ke.onpoint.pay.card;

/**
 * What a processor's verify endpoint says about a card payment, in the gateway's terms. Only this, never the
 * webhook body, decides whether a payment completes.
 */
public record CardVerification(
        Outcome outcome,
        long amountMinor,
        String currency,
        String providerTransactionId,
        String last4,
        String brand,
        String expiry,
        String gatewayResponse,
        java.time.Instant paidAt) {

    /** A verification whose processor did not say when the customer paid. */
    public CardVerification(
            Outcome outcome,
            long amountMinor,
            String currency,
            String providerTransactionId,
            String last4,
            String brand,
            String expiry,
            String gatewayResponse) {
        this(outcome, amountMinor, currency, providerTransactionId, last4, brand, expiry, gatewayResponse, null);
    }

    public enum Outcome {
        /** Paid. */
        SUCCESS,
        /** Declined or failed at the processor. */
        FAILED,
        /** The customer never completed the checkout (yet). */
        ABANDONED,
        /** Still in flight at the processor. */
        PENDING,
        /** Paid, then fully reversed at the processor. */
        REVERSED
    }
}
