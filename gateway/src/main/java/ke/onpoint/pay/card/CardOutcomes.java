package ke.onpoint.pay.card;

import java.util.Optional;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentOutcome;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentReviews;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentTransitions;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what a processor's verify endpoint said to a card payment: the same rules whether a webhook or the
 * reconciliation job asked. Paid at the amount and currency we asked for → completed; any other amount or currency
 * → flagged for review and never completed; declined → failed. One transaction with the outbox event.
 */
@Service
public class CardOutcomes {

    private static final Logger log = LoggerFactory.getLogger(CardOutcomes.class);
    private static final java.util.Set<PaymentStatus> ENDED_UNPAID =
            java.util.EnumSet.of(PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.EXPIRED);

    private final PaymentRepository payments;
    private final PaymentTransitions transitions;
    private final ProviderCallbacks callbacks;
    private final PaymentReviews reviews;

    public CardOutcomes(
            PaymentRepository payments,
            PaymentTransitions transitions,
            ProviderCallbacks callbacks,
            PaymentReviews reviews) {
        this.payments = payments;
        this.transitions = transitions;
        this.callbacks = callbacks;
        this.reviews = reviews;
    }

    /** Returns what happened, for the caller's callback record. */
    @Transactional
    public Outcome apply(String reference, CardVerification verification) {
        Optional<Payment> locked = payments.lockByReference(reference);
        if (locked.isEmpty()) {
            return Outcome.UNMATCHED;
        }
        Payment payment = locked.get();
        return switch (verification.outcome()) {
            case SUCCESS -> paid(payment, verification);
            case FAILED ->
                moved(transitions.apply(
                        payment,
                        PaymentOutcome.failed(
                                PaymentStatus.FAILED,
                                "DECLINED",
                                verification.gatewayResponse() == null
                                        ? "Declined by the card processor"
                                        : verification.gatewayResponse())));
            case REVERSED -> payment.status() == PaymentStatus.PENDING ? Outcome.NEEDS_REVIEW : Outcome.IGNORED;
            case ABANDONED, PENDING -> Outcome.IGNORED; // the reconciliation job expires it after its window
        };
    }

    private Outcome paid(Payment payment, CardVerification verification) {
        if (verification.amountMinor() != payment.amountMinor()
                || !payment.currency().equals(verification.currency())) {
            return reviews.hold(
                    payment,
                    "AMOUNT_MISMATCH",
                    "The processor reports " + verification.amountMinor() + " "
                            + verification.currency() + " paid but " + payment.amountMinor() + " " + payment.currency()
                            + " was asked; held for review");
        }
        boolean completes = !payment.status().isFinal() || ENDED_UNPAID.contains(payment.status());
        if (completes) {
            // before the transition, so the payment.completed event already shows the card
            payments.recordCard(
                    payment.id(),
                    verification.providerTransactionId(),
                    verification.last4(),
                    verification.brand(),
                    verification.expiry());
        }
        // paid_at as M-Pesa sets it: when the processor says the customer paid, else when it told us so
        java.time.Instant paidAt = verification.paidAt() != null ? verification.paidAt() : java.time.Instant.now();
        Optional<Payment> moved = transitions.apply(payment, PaymentOutcome.completed(null, null, paidAt));
        if (moved.isPresent()) {
            return Outcome.APPLIED;
        }
        if (ENDED_UNPAID.contains(payment.status())) {
            log.error(
                    "Processor reports card payment {} paid but it is {}: needs review",
                    payment.reference(),
                    payment.status().code());
            return Outcome.NEEDS_REVIEW;
        }
        return Outcome.IGNORED; // already completed (a redelivered event)
    }

    private static Outcome moved(Optional<Payment> moved) {
        return moved.isPresent() ? Outcome.APPLIED : Outcome.IGNORED;
    }

    public void record(
            String processor,
            String kind,
            String correlationId,
            Outcome outcome,
            String note,
            String sourceIp,
            String payload) {
        callbacks.record(processor, kind, correlationId, outcome, note, sourceIp, payload);
    }
}
