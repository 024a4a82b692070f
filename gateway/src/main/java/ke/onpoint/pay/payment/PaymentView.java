package ke.onpoint.pay.payment;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A payment as the merchant sees it, in API responses and in event payloads. {@code reference} is the
 * gateway's; {@code merchant_reference} is the merchant's own order reference.
 */
public record PaymentView(
        String reference,
        String merchantReference,
        PaymentStatus status,
        PaymentMethod paymentMethod,
        BigDecimal amount,
        String currency,
        String phone,
        String email,
        String description,
        String callbackUrl,
        @JsonRawValue String metadata,
        String mode,
        String checkoutRequestId,
        String merchantRequestId,
        String customerMessage,
        String mpesaReceipt,
        String paidPhone,
        Instant paidAt,
        String failureCode,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String provider,
        String authorizationUrl,
        Card card,
        BigDecimal amountRefunded,
        BigDecimal fee,
        BigDecimal net) {

    /** What the processor reported about the card; never more than this. */
    public record Card(String last4, String brand, String expiry) {}

    public static PaymentView of(Payment p) {
        return new PaymentView(
                p.reference(),
                p.merchantReference(),
                p.status(),
                p.method(),
                Money.toMajor(p.amountMinor()),
                p.currency(),
                p.phone(),
                p.email(),
                p.description(),
                p.callbackUrl(),
                p.metadataJson(),
                p.mode(),
                p.checkoutRequestId(),
                p.merchantRequestId(),
                p.customerMessage(),
                p.providerReceipt(),
                p.paidPhone(),
                p.paidAt(),
                p.failureCode(),
                p.failureReason(),
                p.createdAt(),
                p.updatedAt(),
                p.completedAt(),
                p.provider(),
                p.authorizationUrl(),
                p.cardLast4() == null ? null : new Card(p.cardLast4(), p.cardBrand(), p.cardExpiry()),
                Money.toMajor(p.refundedMinor()),
                p.feeMinor() == null ? null : Money.toMajor(p.feeMinor()),
                p.netMinor() == null ? null : Money.toMajor(p.netMinor()));
    }
}
