package ke.onpoint.pay.payment;

import java.time.Instant;

import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.FeeClass;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.ledger.PricingPlans;
import ke.onpoint.pay.ledger.SettlementDelays;
import org.springframework.stereotype.Component;

/**
 * A completed payment's money in the ledger: the provider's clearing account owes us the gross, the merchant's
 * pending balance gets the net (settleable after the method's delay), the platform the fee.
 */
@Component
class CapturePostings {

    static final String KIND = "payment.captured";

    private final Ledger ledger;
    private final PricingPlans pricing;
    private final SettlementDelays delays;

    CapturePostings(Ledger ledger, PricingPlans pricing, SettlementDelays delays) {
        this.ledger = ledger;
        this.pricing = pricing;
        this.delays = delays;
    }

    /** What the merchant pays for this payment under its plan. */
    long feeFor(Payment p) {
        return pricing.ruleFor(p.merchantId(), FeeClass.of(p.method().code(), p.currency()))
                .feeFor(p.amountMinor());
    }

    /** Posts a payment that just completed with its fee, in its transaction; a second post of it is a no-op. */
    void post(Payment p) {
        long fee = p.feeMinor();
        Instant completedAt = p.completedAt() == null ? Instant.now() : p.completedAt();
        ledger.post(Posting.of(KIND, p.reference(), p.merchantId(), p.mode())
                .debit(LedgerAccount.clearing(p.provider(), p.mode(), p.currency()), p.amountMinor())
                .entry(
                        LedgerAccount.merchant(AccountKind.PENDING, p.merchantId(), p.mode(), p.currency()),
                        -(p.amountMinor() - fee),
                        delays.settleOn(p.method().code(), p.mode(), completedAt))
                .credit(LedgerAccount.fees(p.mode(), p.currency()), fee)
                .grossAndFee(p.amountMinor(), fee)
                .build());
    }
}
