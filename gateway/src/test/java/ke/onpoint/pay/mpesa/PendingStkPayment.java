package ke.onpoint.pay.mpesa;

import java.time.Instant;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentStatus;

/** A pending M-Pesa payment as the unit tests of the STK routes need it: only what they vary is a parameter. */
final class PendingStkPayment {

    static final String GATEWAY_REFERENCE = "TXN20240116K7QX2M9PAB";
    static final Instant CREATED = Instant.parse("2024-01-16T21:30:05Z");

    private PendingStkPayment() {}

    static Payment of(
            String merchantReference,
            String description,
            long amountMinor,
            String merchantRequestId,
            String checkoutRequestId) {
        return new Payment(
                1L,
                GATEWAY_REFERENCE,
                7L,
                "test",
                merchantReference,
                PaymentMethod.MPESA,
                "mpesa",
                PaymentStatus.PENDING,
                amountMinor,
                "KES",
                "254708374149",
                null,
                description,
                null,
                null,
                merchantRequestId,
                checkoutRequestId,
                null,
                null,
                null,
                null,
                null,
                null,
                CREATED,
                CREATED,
                null,
                null,
                null,
                null,
                null,
                null,
                0L,
                null);
    }
}
