package ke.onpoint.pay.mpesa;

import java.util.Optional;

import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentStatus;

/**
 * Does a successful STK result describe the push we sent? A callback carries the Amount paid and the push's
 * MerchantRequestID; both must be ours. (STK offers no way for a merchant to require a paying phone, and the
 * prompt goes to the phone we name, so the phone is not compared; M-Pesa is KES only.) Failures carry no
 * metadata and are not compared.
 */
final class StkResultCheck {

    static final String AMOUNT_MISMATCH = "AMOUNT_MISMATCH";
    static final String ID_MISMATCH = "PROVIDER_ID_MISMATCH";

    record Mismatch(String code, String reason) {}

    private StkResultCheck() {}

    /** Only for callbacks: STK Query answers carry no amount and are checked by {@link StkPushRoutes#queryResult}. */
    static Optional<Mismatch> of(Payment payment, StkResult callback) {
        if (callback.status() != PaymentStatus.COMPLETED) {
            return Optional.empty();
        }
        if (callback.amountMinor() == null) {
            return Optional.of(new Mismatch(
                    AMOUNT_MISMATCH,
                    "M-Pesa reports the payment paid without a readable Amount;" + " held for review"));
        }
        if (callback.amountMinor() != payment.amountMinor()) {
            return Optional.of(new Mismatch(
                    AMOUNT_MISMATCH,
                    "M-Pesa reports " + Money.toMajor(callback.amountMinor()).toPlainString() + " " + payment.currency()
                            + " paid for a payment of "
                            + Money.toMajor(payment.amountMinor()).toPlainString() + "; held for review"));
        }
        if (differs(payment.merchantRequestId(), callback.merchantRequestId())) {
            return Optional.of(new Mismatch(
                    ID_MISMATCH,
                    "MerchantRequestID " + callback.merchantRequestId() + " is not the push's "
                            + payment.merchantRequestId() + "; held for review"));
        }
        return Optional.empty();
    }

    /** Both known and not the same: a missing id is no contradiction. */
    static boolean differs(String ours, String theirs) {
        return ours != null && !ours.isBlank() && theirs != null && !theirs.isBlank() && !ours.equals(theirs);
    }
}
