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
