package ke.onpoint.pay.refund;

import java.math.BigDecimal;
import java.time.Instant;

import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentStatus;

/** A refund as the merchant sees it, with where its payment stands. */
public record RefundView(
        String refundReference,
        String reference,
        String merchantReference,
        BigDecimal amount,
        String currency,
        String reason,
        String status,
        String failureCode,
        String failureReason,
        PaymentStatus paymentStatus,
        BigDecimal amountRefunded,
        Instant createdAt,
        Instant processedAt) {

    static RefundView of(Refund refund, Payment payment) {
        return new RefundView(
                refund.reference(),
                payment.reference(),
                payment.merchantReference(),
                Money.toMajor(refund.amountMinor()),
                refund.currency(),
                refund.reason(),
                refund.status(),
                refund.failureCode(),
                refund.failureReason(),
                payment.status(),
                Money.toMajor(payment.refundedMinor()),
                refund.createdAt(),
                refund.processedAt());
    }
}
