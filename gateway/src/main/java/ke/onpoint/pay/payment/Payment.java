package ke.onpoint.pay.payment;

import java.time.Instant;

/** A payment as stored: amounts in minor units. */
public record Payment(
        long id,
        String reference,
        long merchantId,
        String mode,
        String merchantReference,
        PaymentMethod method,
        String provider,
        PaymentStatus status,
        long amountMinor,
        String currency,
        String phone,
        String email,
        String description,
        String callbackUrl,
        String metadataJson,
        String merchantRequestId,
        String checkoutRequestId,
        String customerMessage,
        String providerReceipt,
        String paidPhone,
        Instant paidAt,
        String failureCode,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String authorizationUrl,
        String providerTransactionId,
        String cardLast4,
        String cardBrand,
        String cardExpiry,
        long refundedMinor,
        /** What the merchant pays for it, set when it completes (null before). */
        Long feeMinor) {

    /** What the merchant receives for it once completed: the amount less the fee; null before. */
    public Long netMinor() {
        return feeMinor == null ? null : amountMinor - feeMinor;
    }

    public boolean isCard() {
        return method == PaymentMethod.CARD;
    }
}
