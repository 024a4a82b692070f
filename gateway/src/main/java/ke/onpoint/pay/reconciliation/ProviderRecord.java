package ke.onpoint.pay.reconciliation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One record in a provider's own books: its id for it, our reference where the provider carries it (Paystack's
 * {@code reference}, Flutterwave's {@code tx_ref}), the id of the record it links to (an M-Pesa reversal's original
 * receipt), the amount in minor units, the provider's status (reduced and as written) and when it happened.
 */
public record ProviderRecord(
        String providerReference,
        String ourReference,
        String linkedReference,
        RecordKind kind,
        long amountMinor,
        String currency,
        RecordStatus status,
        String statusText,
        Instant occurredAt) {

    /** Every reference it may be matched by. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(3);
        for (String key : new String[] {providerReference, ourReference, linkedReference}) {
            if (key != null && !key.isBlank()) {
                keys.add(key);
            }
        }
        return keys;
    }
}
