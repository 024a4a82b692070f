package ke.onpoint.pay.payment;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every payment state change, each in one transaction together with its outbox event.
 * Changes are conditional on the current state, so replays (duplicate callbacks, a query racing a callback)
 * produce one transition and one event.
 */
@Service
public class PaymentTransitions {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PaymentTransitions.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final char[] REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Told to the merchant (and kept as the payment's customer message) when the provider's answer was lost. */
    public static final String UNKNOWN_OUTCOME_MESSAGE = "The provider has not confirmed the request yet: the payment "
            + "stays pending until its outcome is known (callback or status check). Do not retry it with a new reference.";

    private final PaymentRepository payments;
    private final Outbox outbox;
    private final Duration firstCheckAfter;
    private final AuditTrail audit;
    private final CapturePostings captures;
    private final PaymentMetrics metrics;

    public PaymentTransitions(
            PaymentRepository payments,
            Outbox outbox,
            @Value("${onpoint.payments.reconcile.query-after}") Duration firstCheckAfter,
            AuditTrail audit,
            CapturePostings captures,
            PaymentMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        this.captures = captures;
        this.payments = payments;
        this.outbox = outbox;
        this.firstCheckAfter = firstCheckAfter;
    }

    /**
     * A merchant's initiation: writes the payment {@code pending} with its {@code payment.initiated} event and its
     * audit record. The caller has reserved it against the merchant's limits ({@link TransactionLimits#reserve}).
     */
    @Transactional
    public Payment open(MerchantPrincipal merchant, InitiatePayment request, String provider) {
        Payment payment = insert(merchant, request, provider);
        audit.record(
                merchant,
                AuditTrail.Entry.of("payment.initiated", "payment", payment.reference())
                        .change(
                                null,
                                java.util.Map.of(
                                        "reference",
                                        request.merchantReference(),
                                        "amount",
                                        Money.toMajor(request.amountMinor()),
                                        "currency",
                                        request.currency(),
                                        "payment_method",
                                        request.method().code())));
        return payment;
    }

    /** Money already received (C2B): no limit can refuse it. */
    @Transactional
    public Payment openReceived(MerchantPrincipal merchant, InitiatePayment request, String provider) {
        return insert(merchant, request, provider);
    }

    private Payment insert(MerchantPrincipal merchant, InitiatePayment request, String provider) {
        // A gateway reference collision (about 1 in 10^15 per day) fails the insert; the merchant's retry is safe.
        Payment payment = payments.insert(
                        merchant.merchantId(), merchant.mode(), newReference(), provider, request, firstCheckAfter)
                .orElseThrow(() -> ApiProblem.conflict(
                                "duplicate-reference",
                                "Reference already used",
                                "A payment with reference '" + request.merchantReference() + "' already exists",
                                "reference")
                        .with(
                                "existing_reference",
                                payments.findByMerchantReference(
                                                merchant.merchantId(), merchant.mode(), request.merchantReference())
                                        .map(Payment::reference)
                                        .orElse(null)));
        outbox.append(
                payment.merchantId(),
                payment.mode(),
                payment.reference(),
                "payment.initiated",
                PaymentView.of(payment));
        metrics.initiated(payment);
        return payment;
    }

    @Transactional
    public Payment recordInitiation(Payment payment, InitiationOutcome outcome) {
        if (outcome instanceof InitiationOutcome.Accepted accepted) {
            Payment recorded = payments.recordProviderIds(
                    payment.id(),
                    accepted.provider(),
                    accepted.providerRequestId(),
                    accepted.checkoutId(),
                    accepted.customerMessage(),
                    accepted.redirectUrl());
            if (accepted.checkoutId() != null
                    && recorded.checkoutRequestId() != null
                    && !accepted.checkoutId().equals(recorded.checkoutRequestId())) {
                // a callback that overtook this answer attached other ids (kept: never overwritten)
                log.error(
                        "Payment {}: {} answered the push with {}, but a callback already attached {}: needs review",
                        payment.reference(),
                        accepted.provider(),
                        accepted.checkoutId(),
                        recorded.checkoutRequestId());
            }
            return recorded;
        }
        if (outcome instanceof InitiationOutcome.Unknown) {
            return payments.recordOutcomeUnknown(payment.id(), UNKNOWN_OUTCOME_MESSAGE);
        }
        var rejected = (InitiationOutcome.Rejected) outcome;
        return apply(
                        payment,
                        PaymentOutcome.failed(PaymentStatus.FAILED, rejected.code(), rejected.message()),
                        EndReasons.of(rejected.reason()),
                        false)
                .orElse(payment);
    }

    /**
     * Applies a provider outcome if the payment may still move there; empty when it was already final. A completion
     * is priced and posted to the ledger in the same transaction. A success for
     * a payment the gateway expired only for want of an answer ({@link PaymentOutcome#NO_ANSWER_CODES}) completes it:
     * the customer paid.
     */
    @Transactional
    public Optional<Payment> apply(Payment payment, PaymentOutcome outcome) {
        String reason = EndReasons.of(outcome);
        return apply(payment, outcome, reason, !EndReasons.unanswered(reason));
    }

    /**
     * The same, counted with the given {@link EndReasons reason}; {@code answered} when a provider message ended it
     * (its time from the initiation is then measured).
     */
    @Transactional
    public Optional<Payment> apply(Payment payment, PaymentOutcome outcome, String reason, boolean answered) {
        // priced before the update, which records the fee with the completion (one statement, not two)
        Long fee = outcome.status() == PaymentStatus.COMPLETED ? captures.feeFor(payment) : null;
        Optional<Payment> moved = payments.transition(payment.id(), outcome, fee);
        if (moved.isEmpty() && fee != null) {
            moved = payments.completeAfterUnansweredExpiry(payment.id(), outcome, fee);
        }
        moved.ifPresent(p -> {
            outbox.append(p.merchantId(), p.mode(), p.reference(), p.status().eventType(), PaymentView.of(p));
            metrics.ended(p, reason, answered);
        });
        // posted last: the posting locks a balance row of the merchant's pending, the fees and the clearing accounts
        // until the commit, so nothing else of this transaction should run while they are held
        if (moved.isPresent() && moved.get().status() == PaymentStatus.COMPLETED) {
            captures.post(moved.get());
        }
        return moved;
    }

    /** {@code TXN} + the EAT date + 10 random characters, e.g. {@code TXN20240116K7QX2M9PAB}. */
    static String newReference() {
        StringBuilder ref = new StringBuilder("TXN")
                .append(LocalDate.now(EastAfricaTime.ZONE).format(DAY));
        for (int i = 0; i < 10; i++) {
            ref.append(REFERENCE_ALPHABET[RANDOM.nextInt(REFERENCE_ALPHABET.length)]);
        }
        return ref.toString();
    }
}
