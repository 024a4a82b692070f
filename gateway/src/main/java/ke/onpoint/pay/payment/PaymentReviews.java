package ke.onpoint.pay.payment;

import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Provider messages a person has to look at: a payment reported paid at another amount (or by other ids) than we
 * asked for is never completed; it ends {@code failed} with the reason's code, its {@code payment.failed} event goes
 * out in the same transaction, and the provider's message is kept as {@code needs_review}. Every case counts in
 * {@code onpoint_payment_reviews_total{provider,reason}}, so an alert can watch it.
 */
@Service
public class PaymentReviews {

    private static final Logger log = LoggerFactory.getLogger(PaymentReviews.class);
    static final String METRIC = "onpoint.payment.reviews";

    private final PaymentTransitions transitions;
    private final ProviderCallbacks callbacks;
    private final MeterRegistry meters;

    public PaymentReviews(PaymentTransitions transitions, ProviderCallbacks callbacks, MeterRegistry meters) {
        this.transitions = transitions;
        this.callbacks = callbacks;
        this.meters = meters;
    }

    /**
     * Holds the payment for review: failed with {@code code} if it is still open (one transaction with its event),
     * left as it is if it already ended. Returns {@link Outcome#NEEDS_REVIEW} for the caller's message record.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome hold(Payment payment, String code, String reason) {
        Optional<Payment> failed = transitions.apply(
                payment, PaymentOutcome.failed(PaymentStatus.FAILED, code, reason), EndReasons.REVIEW, true);
        log.error(
                "Payment {} held for review ({}): {}{}",
                payment.reference(),
                code,
                reason,
                failed.isPresent()
                        ? ""
                        : "; it had already ended " + payment.status().code());
        count(payment.provider(), code);
        return Outcome.NEEDS_REVIEW;
    }

    /** A provider message refused without touching any payment (e.g. an answer about another request), kept for review. */
    public void refuse(String provider, String kind, String correlationId, String code, String note, String payload) {
        log.error("{} {} for {} refused and kept for review ({}): {}", provider, kind, correlationId, code, note);
        callbacks.record(provider, kind, correlationId, Outcome.NEEDS_REVIEW, code + ": " + note, null, payload);
        count(provider, code);
    }

    /** Counts a case a caller records itself. */
    public void count(String provider, String code) {
        Counter.builder(METRIC)
                .description("Provider messages held for a person to review")
                .tag("provider", provider == null ? "unknown" : provider)
                .tag("reason", code)
                .register(meters)
                .increment();
    }
}
