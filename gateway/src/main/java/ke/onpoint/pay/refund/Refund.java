package ke.onpoint.pay.refund;

import java.time.Instant;

/**
 * A refund as stored: {@code pending → processed | failed}, or {@code needs_review} when its request never
 * reached the provider after every allowed attempt.
 */
public record Refund(
        long id,
        String reference,
        long paymentId,
        long merchantId,
        long amountMinor,
        String currency,
        String reason,
        String status,
        String provider,
        String providerRefundId,
        String failureCode,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant processedAt) {

    public static final String PENDING = "pending";
    public static final String PROCESSED = "processed";
    public static final String FAILED = "failed";
    public static final String NEEDS_REVIEW = "needs_review";
}
