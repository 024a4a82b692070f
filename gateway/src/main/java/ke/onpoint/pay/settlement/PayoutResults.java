package ke.onpoint.pay.settlement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.payment.PaymentReviews;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place a payout's outcome is recorded, whoever reports it: a Daraja B2C/B2B Result or Transaction Status
 * Result, a Paystack transfer webhook or verify, the answer to the send itself. What the provider says is checked
 * against the payout (reference, provider id, amount, currency) before anything moves; a mismatch leaves the payout as
 * it was and goes to review. Otherwise one transaction holds the payout's status, its ledger posting, its settlement's
 * status and its {@code payout.paid} / {@code payout.failed} event. A repeated report finds the payout finished and
 * changes nothing.
 */
@Service
public class PayoutResults {

    public static final String PAID_EVENT = "payout.paid";
    public static final String FAILED_EVENT = "payout.failed";
    static final String AMOUNT_MISMATCH = "PAYOUT_AMOUNT_MISMATCH";
    static final String ID_MISMATCH = "PAYOUT_ID_MISMATCH";
    static final String CONTRADICTION = "PAYOUT_CONTRADICTION";
    private static final Logger log = LoggerFactory.getLogger(PayoutResults.class);

    private final Payouts payouts;
    private final Ledger ledger;
    private final Outbox outbox;
    private final PaymentReviews reviews;

    public PayoutResults(Payouts payouts, Ledger ledger, Outbox outbox, PaymentReviews reviews) {
        this.payouts = payouts;
        this.ledger = ledger;
        this.outbox = outbox;
        this.reviews = reviews;
    }

    /**
     * Applies what {@code provider} says about the payout {@code reference}. {@code kind} and {@code payload} name the
     * message for the review record (a check has no payload). Returns what was done with it; a
     * {@link Outcome#NEEDS_REVIEW} is already recorded as a review item.
     */
    @Transactional
    public Outcome apply(String provider, String reference, PayoutAnswer answer, String kind, String payload) {
        Optional<Payout> found = reference == null ? Optional.empty() : payouts.lock(reference);
        if (found.isEmpty()) {
            return Outcome.UNMATCHED;
        }
        Payout payout = found.get();
        Optional<Mismatch> mismatch = mismatch(payout, provider, answer);
        if (mismatch.isPresent()) {
            return review(payout, mismatch.get().code(), mismatch.get().note(), kind, payload);
        }
        if (answer instanceof PayoutAnswer.Paid paid) {
            return paid(payout, paid, kind, payload);
        }
        if (answer instanceof PayoutAnswer.Failed failed) {
            return failed(payout, "failed", failed.code(), failed.reason(), kind, payload);
        }
        if (answer instanceof PayoutAnswer.Reversed reversed) {
            return reversed(payout, reversed, kind, payload);
        }
        if (answer instanceof PayoutAnswer.NotFound notFound && payouts.requeue(payout.id())) {
            // never reached the provider: sent again under the same reference (the provider's idempotency key)
            log.warn("Payout {} unknown to {} ({}): queued to be sent again", reference, provider, notFound.reason());
            return Outcome.APPLIED;
        }
        return Outcome.IGNORED; // accepted, unknown, or not found for a payout the provider took: asked again later
    }

    /** Takes the payout out of the check schedule for a person, without a provider message (nothing moves). */
    public void holdForReview(String reference, String reason) {
        payouts.find(reference).ifPresent(p -> {
            log.error("Payout {} held for review: {}", reference, reason);
            payouts.holdForReview(p.id(), reason);
            reviews.count(p.provider(), reason.substring(0, Math.max(0, reason.indexOf(':'))));
        });
    }

    /** Whether a payout has this reference (a provider message may carry the provider's id in its place). */
    public boolean knows(String reference) {
        return payouts.find(reference).isPresent();
    }

    /** Our reference of the payout the provider knows by {@code providerReference}. */
    public Optional<String> referenceOf(String provider, String providerReference) {
        return providerReference == null ? Optional.empty() : payouts.referenceOf(provider, providerReference);
    }

    /** The provider says the outcome is unknown (Daraja's queue timeout): the payout is asked about at once. */
    public boolean askSoon(String reference) {
        return payouts.find(reference)
                .filter(Payout::open)
                .map(p -> {
                    payouts.checkAfter(p.id(), java.time.Duration.ZERO);
                    return true;
                })
                .orElse(false);
    }

    private record Mismatch(String code, String note) {}

    private static Optional<Mismatch> mismatch(Payout payout, String provider, PayoutAnswer answer) {
        if (!payout.provider().equals(provider)) {
            return Optional.of(
                    new Mismatch(ID_MISMATCH, "reported by " + provider + ", sent through " + payout.provider()));
        }
        String theirs = answer instanceof PayoutAnswer.Paid paid
                ? paid.providerReference()
                : answer instanceof PayoutAnswer.Reversed reversed ? reversed.providerReference() : null;
        if (theirs != null && payout.providerReference() != null && !theirs.equals(payout.providerReference())) {
            return Optional.of(
                    new Mismatch(ID_MISMATCH, "provider id " + theirs + ", ours " + payout.providerReference()));
        }
        if (answer instanceof PayoutAnswer.Paid paid) {
            if (paid.amountMinor() != payout.amountMinor()) {
                return Optional.of(new Mismatch(
                        AMOUNT_MISMATCH,
                        "amount " + Money.format(Money.toMajor(paid.amountMinor())) + " reported paid, payout of "
                                + Money.format(Money.toMajor(payout.amountMinor()))));
            }
            if (paid.currency() != null && !paid.currency().equalsIgnoreCase(payout.currency())) {
                return Optional.of(new Mismatch(
                        AMOUNT_MISMATCH,
                        "amount in " + paid.currency() + " reported paid, payout in " + payout.currency()));
            }
        }
        return Optional.empty();
    }

    private Outcome paid(Payout payout, PayoutAnswer.Paid paid, String kind, String payload) {
        if ("paid".equals(payout.status())) {
            return Outcome.DUPLICATE;
        }
        if (!payout.open()) {
            return review(payout, CONTRADICTION, "reported paid, recorded " + payout.status(), kind, payload);
        }
        payouts.finish(payout.id(), "paid", paid.receipt(), null, null);
        ledger.post(Posting.of("payout.paid", payout.reference(), payout.merchantId(), payout.mode())
                .debit(merchant(payout, AccountKind.IN_PAYOUT), payout.amountMinor())
                .credit(clearing(payout), payout.amountMinor())
                .build());
        payouts.settle(payout.settlementId(), "paid");
        outbox.append(
                payout.merchantId(),
                payout.mode(),
                payout.reference(),
                PAID_EVENT,
                event(payout, "paid", paid.receipt(), null, null));
        return Outcome.APPLIED;
    }

    private Outcome failed(Payout payout, String status, String code, String reason, String kind, String payload) {
        if ("failed".equals(payout.status()) || "reversed".equals(payout.status())) {
            return Outcome.DUPLICATE;
        }
        if (!payout.open()) {
            return review(
                    payout,
                    CONTRADICTION,
                    "reported " + status + " (" + reason + "), recorded " + payout.status(),
                    kind,
                    payload);
        }
        payouts.finish(payout.id(), "failed", null, code, reason);
        ledger.post(Posting.of("payout.failed", payout.reference(), payout.merchantId(), payout.mode())
                .debit(merchant(payout, AccountKind.IN_PAYOUT), payout.amountMinor())
                .credit(merchant(payout, AccountKind.AVAILABLE), payout.amountMinor())
                .build());
        payouts.settle(payout.settlementId(), "payout_failed");
        outbox.append(
                payout.merchantId(),
                payout.mode(),
                payout.reference(),
                FAILED_EVENT,
                event(payout, "failed", null, code, reason));
        return Outcome.APPLIED;
    }

    /** Returned after it was paid: the provider's clearing gives the money back to available. Before: a failure. */
    private Outcome reversed(Payout payout, PayoutAnswer.Reversed reversed, String kind, String payload) {
        if (!"paid".equals(payout.status())) {
            return failed(payout, "reversed", "REVERSED", reversed.reason(), kind, payload);
        }
        payouts.finish(payout.id(), "reversed", null, "REVERSED", reversed.reason());
        ledger.post(Posting.of("payout.reversed", payout.reference(), payout.merchantId(), payout.mode())
                .debit(clearing(payout), payout.amountMinor())
                .credit(merchant(payout, AccountKind.AVAILABLE), payout.amountMinor())
                .build());
        payouts.settle(payout.settlementId(), "payout_failed");
        outbox.append(
                payout.merchantId(),
                payout.mode(),
                payout.reference(),
                FAILED_EVENT,
                event(payout, "reversed", payout.providerReceipt(), "REVERSED", reversed.reason()));
        return Outcome.APPLIED;
    }

    private Outcome review(Payout payout, String code, String note, String kind, String payload) {
        payouts.holdForReview(payout.id(), code + ": " + note);
        reviews.refuse(payout.provider(), kind, payout.reference(), code, payout.reference() + ": " + note, payload);
        return Outcome.NEEDS_REVIEW;
    }

    private static LedgerAccount merchant(Payout payout, AccountKind kind) {
        return LedgerAccount.merchant(kind, payout.merchantId(), payout.mode(), payout.currency());
    }

    private static LedgerAccount clearing(Payout payout) {
        return LedgerAccount.clearing(payout.provider(), payout.mode(), payout.currency());
    }

    /** The merchant's event: which settlement, how much, where to, and why it failed. */
    static Map<String, Object> event(Payout payout, String status, String receipt, String code, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reference", payout.reference());
        data.put("settlement", payout.settlementReference());
        data.put("status", status);
        data.put("amount", Money.toMajor(payout.amountMinor()));
        data.put("currency", payout.currency());
        data.put("mode", payout.mode());
        data.put("provider", payout.provider());
        data.put("destination_type", payout.destinationType());
        data.put("destination", payout.destinationDisplay());
        data.put("provider_receipt", receipt);
        data.put("failure_code", code);
        data.put("failure_reason", reason);
        return data;
    }
}
