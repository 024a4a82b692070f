package ke.onpoint.pay.settlement;

/**
 * A way to pay a merchant out: Daraja B2C or B2B, Paystack Transfers. Settlement knows no provider; each provider's
 * package implements this port, as {@code payment.PaymentRail} does for collections.
 */
public interface PayoutRail {

    /** The provider, as in {@code payouts.provider} and its clearing account: {@code mpesa}, {@code paystack}. */
    String provider();

    /** Whether this rail can pay that destination. */
    boolean pays(PayoutDestination destination);

    /** The smallest unit this rail moves: M-Pesa pays whole shillings (100 cents), so cents wait in available. */
    default long unitMinor() {
        return 1;
    }

    /** The most one payout may carry (Daraja: KES 250,000 a transaction); the rest waits for the next settlement. */
    default long maxPayoutMinor() {
        return Long.MAX_VALUE;
    }

    /** The part of {@code availableMinor} this rail can carry in one payout. */
    default long payableMinor(long availableMinor) {
        return Math.min(availableMinor - Math.floorMod(availableMinor, unitMinor()), maxPayoutMinor());
    }

    /**
     * Sends the payout once. The order's reference is the provider's idempotency key (Daraja's
     * OriginatorConversationID, Paystack's transfer reference), so a second send of it can never pay twice.
     */
    PayoutAnswer send(PayoutOrder order);

    /**
     * Asks the provider what became of a payout whose request outcome was never recorded (a crash or a timeout
     * between sending and recording) or whose result is overdue: Daraja Transaction Status by
     * OriginalConversationID, Paystack {@code GET /transfer/verify/{reference}}.
     */
    PayoutAnswer check(PayoutOrder order);
}
