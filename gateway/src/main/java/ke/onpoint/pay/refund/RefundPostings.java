package ke.onpoint.pay.refund;

import java.time.LocalDate;

import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.FeeProperties;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.payment.Payment;
import org.springframework.stereotype.Component;

/**
 * A processed refund or reversal in the ledger: the money leaves the provider's clearing account and comes out of the
 * merchant's available balance (netted by the next settlement, which lists it). Under the {@code return} fee policy
 * the refunded share of the payment's fee comes back from the platform's fees.
 */
@Component
class RefundPostings {

    static final String KIND = "refund.processed";

    private final Ledger ledger;
    private final RefundRepository refunds;
    private final FeeProperties.RefundPolicy policy;

    RefundPostings(Ledger ledger, RefundRepository refunds, FeeProperties fees) {
        this.ledger = ledger;
        this.refunds = refunds;
        this.policy = fees.refundPolicy();
    }

    /** In the transaction that marks the refund processed. */
    void processed(Refund refund, Payment payment) {
        long feeReturned = feeReturned(refund, payment);
        if (feeReturned > 0) {
            refunds.recordFeeReturned(refund.id(), feeReturned);
        }
        String mode = payment.mode();
        String currency = refund.currency();
        ledger.post(Posting.of(KIND, refund.reference(), payment.merchantId(), mode)
                .entry(
                        LedgerAccount.merchant(AccountKind.AVAILABLE, payment.merchantId(), mode, currency),
                        refund.amountMinor() - feeReturned,
                        LocalDate.now(EastAfricaTime.ZONE))
                .debit(LedgerAccount.fees(mode, currency), feeReturned)
                .credit(LedgerAccount.clearing(refund.provider(), mode, currency), refund.amountMinor())
                .grossAndFee(-refund.amountMinor(), -feeReturned)
                .build());
    }

    /**
     * The fee share this refund returns: the fee times the share of the payment refunded so far, rounded half up,
     * less what earlier refunds returned; so the refunds of a whole payment return exactly its whole fee.
     */
    private long feeReturned(Refund refund, Payment payment) {
        if (policy != FeeProperties.RefundPolicy.RETURN || payment.feeMinor() == null || payment.feeMinor() == 0) {
            return 0;
        }
        long refundedSoFar = refunds.processedMinor(payment.id());
        long returnedBefore = refunds.feeReturnedMinor(payment.id());
        long returnedAfter =
                (payment.feeMinor() * refundedSoFar * 2 + payment.amountMinor()) / (2 * payment.amountMinor());
        return Math.max(0, returnedAfter - returnedBefore);
    }
}
