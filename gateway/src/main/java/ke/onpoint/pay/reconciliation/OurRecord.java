package ke.onpoint.pay.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * One of the gateway's records as reconciliation sees it: a payment, refund or payout, the references the provider may
 * know it by ({@code keys}, our reference first), whether its money moved in our books, and when.
 */
public record OurRecord(
        RecordKind kind,
        String reference,
        String providerReference,
        List<String> keys,
        Long merchantId,
        long amountMinor,
        String currency,
        String status,
        boolean moved,
        Instant occurredAt) {}
