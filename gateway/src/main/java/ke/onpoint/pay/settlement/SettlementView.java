package ke.onpoint.pay.settlement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import ke.onpoint.pay.payment.Money;

/**
 * A settlement as the merchant sees it (API and {@code settlement.created} events). {@code net} is what the day's
 * lines come to; {@code payout_amount} what is paid out: the whole available balance, which also nets earlier held
 * settlements and refunds.
 */
public record SettlementView(
        String reference,
        LocalDate settlementDate,
        String status,
        String holdReason,
        String mode,
        String currency,
        int lineCount,
        BigDecimal gross,
        BigDecimal fees,
        BigDecimal refunds,
        BigDecimal net,
        BigDecimal payoutAmount,
        Instant createdAt,
        Instant updatedAt) {

    public static SettlementView of(Settlement s) {
        return new SettlementView(
                s.reference(),
                s.settlementDate(),
                s.status(),
                s.holdReason(),
                s.mode(),
                s.currency(),
                s.lineCount(),
                Money.toMajor(s.grossMinor()),
                Money.toMajor(s.feesMinor()),
                Money.toMajor(s.refundsMinor()),
                Money.toMajor(s.netMinor()),
                s.payoutMinor() == null ? null : Money.toMajor(s.payoutMinor()),
                s.createdAt(),
                s.updatedAt());
    }
}
