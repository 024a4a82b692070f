package ke.onpoint.pay.payment;

import java.util.Optional;

/** Whoever can give a payment's money back: a card processor's refund API, M-Pesa's Reversal API. */
public interface RefundChannel {

    /** The provider it refunds for, as stored in {@code payments.provider}. */
    String name();

    /** Why this channel cannot refund this amount of this payment, if it cannot (checked before anything is written). */
    default Optional<String> refusal(Payment payment, long amountMinor) {
        return Optional.empty();
    }

    /**
     * Asks the provider to give back {@code amountMinor}; a pending answer is finished later by its outcome. Throws
     * {@link ProviderUnavailableException} when the provider could not be used: the refund then fails.
     */
    RefundAnswer refund(Payment payment, long amountMinor, String reason);

    /** Where a refund it accepted as pending stands now (for refunds whose outcome never came). */
    RefundAnswer refundStatus(String providerRefundId);
}
