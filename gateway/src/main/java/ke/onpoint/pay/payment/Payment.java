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
        long refundedMinor) {

    public boolean isCard() {
        return method == PaymentMethod.CARD;
    }
}
