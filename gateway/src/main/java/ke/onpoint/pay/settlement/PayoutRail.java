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

    /**
     * The part of {@code availableMinor} this rail can carry in one payout: M-Pesa pays whole shillings only, so the
     * settlement run pays what it returns and leaves the cents in the available balance.
     */
    default long payableMinor(long availableMinor) {
        return availableMinor;
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
