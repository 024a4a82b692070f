package ke.onpoint.pay.payment;

import java.time.Instant;

/**
 * What a payment's provider said when it was last asked about the payment (M-Pesa's Transaction Status): the
 * {@code provider_check} of the status answer.
 */
public record ProviderCheck(
        String status,
        String transactionStatus,
        String resultCode,
        String resultDesc,
        Instant requestedAt,
        Instant answeredAt) {}
