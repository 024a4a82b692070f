package ke.onpoint.pay.settlement;

import java.time.Instant;
import java.time.LocalDate;

/** A merchant's settlement of one day, as stored: amounts in minor units. */
public record Settlement(
        long id,
        String reference,
        long merchantId,
        String mode,
        String currency,
        LocalDate settlementDate,
        String status,
        String holdReason,
        int lineCount,
        long grossMinor,
        long feesMinor,
        long refundsMinor,
        long netMinor,
        long releasedMinor,
        Long payoutMinor,
        Instant createdAt,
        Instant updatedAt) {

    public SettlementView view() {
        return SettlementView.of(this);
    }
}
