package ke.onpoint.pay.mpesa;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentReviews;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentTransitions;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies STK results, from callbacks and from STK Query alike, to the payment they belong to.
 * Runs inside the caller's transaction: the state change, its outbox event and the callback record commit together.
 *
 * <p>A success is applied only if it describes our push ({@link StkResultCheck}: amount and MerchantRequestID);
 * otherwise the payment is held for review. A success for a CheckoutRequestID we never recorded (the push's answer
 * timed out, or the process died or its write failed before the ids were saved) is matched by what it carries: the
 * amount and the phone of a push still without ids.
 */
@Service
public class StkCallbacks {

    private static final Logger log = LoggerFactory.getLogger(StkCallbacks.class);
    public static final String PROVIDER = "mpesa";

    private final PaymentRepository payments;
    private final PaymentTransitions transitions;
    private final ProviderCallbacks callbacks;
    private final PaymentReviews reviews;
    private final Duration matchWindow;

    public StkCallbacks(
            PaymentRepository payments,
            PaymentTransitions transitions,
            ProviderCallbacks callbacks,
            PaymentReviews reviews,
            @Value("${onpoint.payments.reconcile.match-window:1h}") Duration matchWindow) {
        this.payments = payments;
        this.transitions = transitions;
        this.callbacks = callbacks;
        this.reviews = reviews;
        this.matchWindow = matchWindow;
    }

    /**
     * A callback to a payment's own CallBackURL ({@code paymentReference} not null) finds its payment by that
     * reference, so one that overtakes the push's answer still applies; its CheckoutRequestID must then be the push's
     * (attached now when the answer is not recorded yet). Without a reference, the CheckoutRequestID finds it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome applyCallback(StkResult result, String paymentReference, String payload, String sourceIp) {
        Optional<Payment> named = paymentReference == null
                ? Optional.empty()
                : payments.lockByReference(paymentReference).filter(p -> PROVIDER.equals(p.provider()));
        if (named.isPresent()) {
            return applyToNamed(named.get(), result, payload, sourceIp);
        }
        Optional<Payment> payment = payments.lockByCheckoutRequestId(result.checkoutRequestId());
        if (payment.isEmpty()) {
            return matchUnconfirmedPush(result, payload, sourceIp);
        }
        return apply(payment.get(), result, payload, sourceIp, "");
    }

    private Outcome applyToNamed(Payment payment, StkResult result, String payload, String sourceIp) {
        if (payment.checkoutRequestId() == null) {
            Payment attached = payments.attachProviderIds(
                            payment.id(), result.merchantRequestId(), result.checkoutRequestId())
                    .orElseThrow(); // the row is locked and had no ids
            return apply(attached, result, payload, sourceIp, "found by its CallBackURL (push answer not recorded): ");
        }
        if (!payment.checkoutRequestId().equals(result.checkoutRequestId())) {
            log.error(
                    "STK callback at payment {}'s URL carries CheckoutRequestID {}, not the push's {}: needs review",
                    payment.reference(),
                    result.checkoutRequestId(),
                    payment.checkoutRequestId());
            reviews.count(PROVIDER, StkResultCheck.ID_MISMATCH);
            return record(
                    result,
                    Outcome.NEEDS_REVIEW,
                    "callback at " + payment.reference() + "'s URL for CheckoutRequestID " + result.checkoutRequestId()
                            + ", not the push's " + payment.checkoutRequestId(),
                    sourceIp,
                    payload);
        }
        return apply(payment, result, payload, sourceIp, "");
    }

    public void recordDuplicate(StkResult result, String payload, String sourceIp) {
        record(result, Outcome.DUPLICATE, "CheckoutRequestID already processed", sourceIp, payload);
    }

    private Outcome apply(Payment payment, StkResult result, String payload, String sourceIp, String how) {
        Optional<StkResultCheck.Mismatch> mismatch = StkResultCheck.of(payment, result);
        if (mismatch.isPresent()) {
            return record(
                    result,
                    reviews.hold(payment, mismatch.get().code(), mismatch.get().reason()),
                    how + payment.reference() + ": " + mismatch.get().reason(),
                    sourceIp,
                    payload);
        }
        Optional<Payment> moved = transitions.apply(payment, result.toOutcome());
        if (moved.isPresent()) {
            log.info(
                    "Payment {} is {} (STK result {})",
                    moved.get().reference(),
                    moved.get().status().code(),
                    result.resultCode());
            return record(
                    result,
                    Outcome.APPLIED,
                    how + moved.get().reference() + " -> "
                            + moved.get().status().code(),
                    sourceIp,
                    payload);
        }
        return record(
                result,
                contradiction(payment, result),
                how + payment.reference() + " already " + payment.status().code(),
                sourceIp,
                payload);
    }

    /**
     * No payment has this CheckoutRequestID. A success names the amount and the phone that paid: exactly one push to
     * that phone for that amount whose ids were never recorded is the one (its ids are recorded now); several are
     * left to a person, named in the record.
     */
    private Outcome matchUnconfirmedPush(StkResult result, String payload, String sourceIp) {
        if (result.status() != PaymentStatus.COMPLETED || result.amountMinor() == null || result.paidPhone() == null) {
            log.warn("STK callback for unknown CheckoutRequestID {} recorded for review", result.checkoutRequestId());
            return record(result, Outcome.UNMATCHED, "no payment has this CheckoutRequestID", sourceIp, payload);
        }
        List<Payment> candidates = payments.lockUnconfirmedPushes(
                PROVIDER,
                result.amountMinor(),
                result.paidPhone(),
                Instant.now().minus(matchWindow));
        if (candidates.isEmpty()) {
            log.warn(
                    "STK callback for unknown CheckoutRequestID {} matches no push; recorded for review",
                    result.checkoutRequestId());
            return record(
                    result,
                    Outcome.UNMATCHED,
                    "no payment has this CheckoutRequestID, amount and phone",
                    sourceIp,
                    payload);
        }
        if (candidates.size() > 1) {
            String named = String.join(
                    ", ", candidates.stream().map(Payment::reference).toList());
            reviews.count(PROVIDER, "AMBIGUOUS_MATCH");
            log.error(
                    "STK success {} for an unrecorded push matches several payments ({}): needs review",
                    result.checkoutRequestId(),
                    named);
            return record(
                    result,
                    Outcome.NEEDS_REVIEW,
                    "unknown CheckoutRequestID; candidates by amount and phone: " + named,
                    sourceIp,
                    payload);
        }
        Payment matched = payments.attachProviderIds(
                        candidates.get(0).id(), result.merchantRequestId(), result.checkoutRequestId())
                .orElseThrow();
        log.warn(
                "STK success {} matched to payment {} by amount and phone (its push answer was never recorded)",
                result.checkoutRequestId(),
                matched.reference());
        return apply(matched, result, payload, sourceIp, "matched by amount and phone: ");
    }

    /** A success reported for a payment we already ended otherwise means money moved that we did not credit. */
    private Outcome contradiction(Payment payment, StkResult result) {
        if (result.status() == PaymentStatus.COMPLETED && payment.status() != PaymentStatus.COMPLETED) {
            log.error(
                    "M-Pesa reports payment {} paid (receipt {}) but it is {}: needs review",
                    payment.reference(),
                    result.receipt(),
                    payment.status().code());
            reviews.count(PROVIDER, "PAID_AFTER_END");
            return Outcome.NEEDS_REVIEW;
        }
        return Outcome.IGNORED;
    }

    private Outcome record(StkResult result, Outcome outcome, String note, String sourceIp, String payload) {
        callbacks.record(PROVIDER, "stk_callback", result.checkoutRequestId(), outcome, note, sourceIp, payload);
        return outcome;
    }
}
