package ke.onpoint.pay.payment;

/** A provider's synchronous answer to "start this payment". */
public sealed interface InitiationOutcome {

    /**
     * The provider took the request; the result comes later (callback, webhook or query). {@code redirectUrl} is the
     * hosted checkout a card customer is sent to.
     */
    record Accepted(
            String provider, String providerRequestId, String checkoutId, String customerMessage, String redirectUrl)
            implements InitiationOutcome {}

    /**
     * The request was sent but its answer never came or could not be read (read timeout, connection lost, an
     * unreadable answer): the provider may have taken it. The payment stays pending until a callback or a status
     * check says how it ended; failing it would invite the merchant to charge the customer twice.
     */
    record Unknown(String provider, String code, String message) implements InitiationOutcome {}

    /** The provider refused or could not be reached; the payment ends failed. */
    record Rejected(Reason reason, String code, String message) implements InitiationOutcome {}

    enum Reason {
        /** The provider said the customer's phone cannot be charged. */
        INVALID_PHONE,
        /** The provider is rate-limiting us (spike arrest, quota). */
        THROTTLED,
        /** Down, timing out, or our circuit breaker is open. */
        UNAVAILABLE,
        /** Any other refusal (configuration, credentials, provider rules). */
        DECLINED
    }
}
