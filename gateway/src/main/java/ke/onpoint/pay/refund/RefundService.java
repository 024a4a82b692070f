package ke.onpoint.pay.refund;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.ProviderUnavailableException;
import ke.onpoint.pay.payment.RefundAnswer;
import ke.onpoint.pay.payment.RefundChannel;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.RandomIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds of completed card payments. The amount is reserved on the payment row under its lock before the
 * processor is asked, so concurrent refunds can never add up to more than was paid (a CHECK constraint guards the
 * same rule in the database). A refund that fails gives its reservation back.
 */
@Service
public class RefundService {

    private static final Logger log = LoggerFactory.getLogger(RefundService.class);

    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Map<String, RefundChannel> channels;
    private final AuditTrail audit;
    private final int maxSendAttempts;
    private final RefundPostings postings;

    public RefundService(
            PaymentRepository payments,
            RefundRepository refunds,
            Outbox outbox,
            TransactionTemplate transactions,
            List<RefundChannel> channels,
            AuditTrail audit,
            @org.springframework.beans.factory.annotation.Value("${onpoint.refunds.max-send-attempts:5}")
                    int maxSendAttempts,
            RefundPostings postings) {
        this.postings = postings;
        this.audit = audit;
        this.maxSendAttempts = Math.max(1, maxSendAttempts);
        this.payments = payments;
        this.refunds = refunds;
        this.outbox = outbox;
        this.transactions = transactions;
        this.channels = channels.stream().collect(Collectors.toMap(RefundChannel::name, Function.identity()));
    }

    /** What a refund asks for, validated ({@link #parse}): the API's body, or the dashboard's form. */
    public record RefundRequest(String reference, Long amountMinor, String reason) {}

    /** Reserves, asks the processor and records its answer; the refund as it then stands. */
    public RefundView request(MerchantPrincipal merchant, RefundRequest request, Runnable onWritten) {
        Refund refund = transactions.execute(tx -> reserve(merchant, request));
        onWritten.run();
        Payment payment = payments.findById(refund.paymentId());
        recordSent(refund, 1, send(refund, payment));
        Refund now = refunds.findById(refund.id()).orElseThrow();
        return RefundView.of(now, payments.findById(payment.id()));
    }

    private RefundAnswer send(Refund refund, Payment payment) {
        try {
            return channels.get(refund.provider()).refund(payment, refund.amountMinor(), refund.reason());
        } catch (ProviderUnavailableException e) {
            return new RefundAnswer(RefundAnswer.Status.FAILED, null, e.getMessage(), "PROVIDER_UNAVAILABLE");
        } catch (RuntimeException e) {
            // nothing was sent (e.g. M-Pesa's initiator credential is not configured): give the reservation back
            log.error("Refund {} of {} could not be sent", refund.reference(), payment.reference(), e);
            return new RefundAnswer(RefundAnswer.Status.FAILED, null, "The refund could not be sent", "NOT_SENT");
        }
    }

    /**
     * A pending answer without the provider's id means the request may not have arrived: it is sent again on the
     * refund check schedule, and after {@code maxSendAttempts} tries the refund needs review (its reservation stays).
     */
    private void recordSent(Refund refund, int attempt, RefundAnswer answer) {
        if (answer.status() == RefundAnswer.Status.PENDING && answer.providerRefundId() == null) {
            if (attempt >= maxSendAttempts) {
                transactions.executeWithoutResult(tx -> needsReview(refund, attempt, answer.message()));
            } else {
                log.warn(
                        "Refund {} was not confirmed (attempt {} of {}): {}; sent again on the refund check schedule",
                        refund.reference(),
                        attempt,
                        maxSendAttempts,
                        answer.message());
            }
            return;
        }
        record(refund, answer);
    }

    /** Inside a transaction: the money may have moved, so the payment keeps the refund's reservation. */
    private void needsReview(Refund refund, int attempts, String lastError) {
        refunds.finish(
                        refund.id(),
                        Refund.NEEDS_REVIEW,
                        "NOT_CONFIRMED",
                        "Not confirmed by the provider after " + attempts + " attempts; last: " + lastError)
                .ifPresent(flagged -> {
                    log.error("Refund {} needs review: {}", refund.reference(), flagged.failureReason());
                    Payment payment = payments.findById(refund.paymentId());
                    outbox.append(
                            payment.merchantId(),
                            payment.mode(),
                            payment.reference(),
                            "refund.needs_review",
                            RefundView.of(flagged, payment));
                });
    }

    /** A provider's outcome for a refund it knows by {@code answer.providerRefundId()}; false when none matches. */
    public boolean fromProcessor(String provider, RefundAnswer answer) {
        return Boolean.TRUE.equals(transactions.execute(
                tx -> refunds.lockByProviderId(provider, answer.providerRefundId())
                        .map(refund -> {
                            finish(refund, answer);
                            return true;
                        })
                        .orElse(false)));
    }

    /**
     * Asks the processors about refunds whose outcome never arrived, and sends again those whose request never
     * reached the provider; returns how many reached an outcome.
     */
    public int reconcile(java.time.Duration age, int limit) {
        int finished = 0;
        for (Refund unsent : refunds.unsentSince(age, limit)) {
            recordSent(
                    unsent, refunds.noteSendAttempt(unsent.id()), send(unsent, payments.findById(unsent.paymentId())));
            finished += Refund.PENDING.equals(
                            refunds.findById(unsent.id()).orElseThrow().status())
                    ? 0
                    : 1;
        }
        for (Refund refund : refunds.pendingSince(age, limit)) {
            RefundAnswer answer = channels.get(refund.provider()).refundStatus(refund.providerRefundId());
            if (answer.status() == RefundAnswer.Status.PENDING) {
                // asked again under a new provider id (an M-Pesa reversal re-sent): its outcome will name that one
                if (answer.providerRefundId() != null
                        && !answer.providerRefundId().equals(refund.providerRefundId())) {
                    refunds.recordProviderId(refund.id(), answer.providerRefundId());
                }
            } else if (fromProcessor(
                    refund.provider(),
                    new RefundAnswer(
                            answer.status(), refund.providerRefundId(), answer.message(), answer.failureCode()))) {
                finished++;
            }
        }
        return finished;
    }

    /** An outcome that names no refund we know, but the payment it is about ({@code Occasion} of a reversal). */
    public boolean fromPaymentReference(String provider, String paymentReference, RefundAnswer answer) {
        return Boolean.TRUE.equals(transactions.execute(tx -> refunds.lockPendingForPayment(provider, paymentReference)
                .map(refund -> {
                    finish(refund, answer);
                    return true;
                })
                .orElse(false)));
    }

    /** Archived payments are kept to be read: their refunds, ledger and settlement are closed. */
    private ApiProblem archivedOrUnknown(MerchantPrincipal merchant, String reference) {
        return payments.findArchivedForMerchant(merchant.merchantId(), merchant.mode(), reference)
                .map(RefundService::archived)
                .orElseGet(() -> ApiProblem.notFound("No payment with reference '" + reference + "'"));
    }

    private static ApiProblem archived(Payment payment) {
        return ApiProblem.conflict(
                "payment-archived",
                "Payment archived",
                "Payment " + payment.reference() + " is archived and can no longer be refunded",
                "reference");
    }

    private Refund reserve(MerchantPrincipal merchant, RefundRequest request) {
        Payment found = payments.findForMerchant(merchant.merchantId(), merchant.mode(), request.reference())
                .orElseThrow(() -> archivedOrUnknown(merchant, request.reference()));
        Payment payment = payments.lockIfLive(found.id()).orElseThrow(() -> archived(found));
        RefundChannel channel = channels.get(payment.provider());
        if (channel == null) {
            throw ApiProblem.invalidField("reference", payment.provider() + " payments cannot be refunded here");
        }
        if (payment.status() != PaymentStatus.COMPLETED && payment.status() != PaymentStatus.PARTIALLY_REFUNDED) {
            throw ApiProblem.invalidField(
                    "reference",
                    "only a completed payment can be refunded; this one is "
                            + payment.status().code());
        }
        long remaining = payment.amountMinor() - payment.refundedMinor();
        long amount = request.amountMinor() == null ? remaining : request.amountMinor();
        if (remaining == 0) {
            throw ApiProblem.invalidField("reference", "this payment has already been refunded in full");
        }
        if (amount > remaining) {
            throw ApiProblem.invalidField(
                    "amount",
                    "at most " + Money.toMajor(remaining) + " " + payment.currency() + " remains to be refunded");
        }
        channel.refusal(payment, amount).ifPresent(why -> {
            throw ApiProblem.invalidField("amount", why);
        });
        Refund refund = refunds.insert(
                "RFD" + RandomIds.base62(16).toUpperCase(),
                payment.id(),
                payment.merchantId(),
                amount,
                payment.currency(),
                request.reason(),
                payment.provider());
        Payment reserved = payments.adjustRefunded(payment.id(), amount, payment.status());
        outbox.append(
                payment.merchantId(),
                payment.mode(),
                payment.reference(),
                "refund.created",
                RefundView.of(refund, reserved));
        audit.record(
                merchant,
                AuditTrail.Entry.of("refund.requested", "refund", refund.reference())
                        .change(
                                null,
                                java.util.Map.of(
                                        "payment",
                                        payment.reference(),
                                        "amount",
                                        Money.toMajor(amount),
                                        "currency",
                                        payment.currency())));
        return refund;
    }

    private void record(Refund refund, RefundAnswer answer) {
        transactions.executeWithoutResult(tx -> {
            if (answer.providerRefundId() != null) {
                refunds.recordProviderId(refund.id(), answer.providerRefundId());
            }
            if (answer.status() != RefundAnswer.Status.PENDING) {
                finish(refund, answer);
            }
        });
    }

    /** Inside a transaction: the refund leaves pending once; the payment follows. */
    private void finish(Refund refund, RefundAnswer answer) {
        finish(refund, Refund.PENDING, answer);
    }

    /**
     * Inside the caller's transaction: a person's verdict on a refund held for review ({@link RefundReviews}), applied
     * as the provider's outcome would have been: processed posts the refund to the ledger and moves the payment to
     * (partially) refunded; failed gives the reservation back. Either tells the merchant by webhook.
     */
    Optional<Refund> finishReview(Refund refund, boolean processed, String note) {
        return finish(
                refund,
                Refund.NEEDS_REVIEW,
                new RefundAnswer(
                        processed ? RefundAnswer.Status.PROCESSED : RefundAnswer.Status.FAILED,
                        null,
                        note,
                        "NOT_REFUNDED_AFTER_REVIEW"));
    }

    /** Inside a transaction: the refund leaves {@code from} once; the payment follows. Empty when it had left it. */
    private Optional<Refund> finish(Refund refund, String from, RefundAnswer answer) {
        Payment payment = payments.lockById(refund.paymentId());
        boolean processed = answer.status() == RefundAnswer.Status.PROCESSED;
        String message = answer.message();
        Optional<Refund> finished = refunds.finish(
                refund.id(),
                from,
                processed ? Refund.PROCESSED : Refund.FAILED,
                processed ? null : answer.failureCode() == null ? "REFUND_FAILED" : answer.failureCode(),
                processed ? null : message);
        if (finished.isEmpty()) {
            return finished; // a redelivered outcome
        }
        Payment after;
        if (processed) {
            postings.processed(finished.get(), payment);
            boolean full = refunds.processedMinor(payment.id()) == payment.amountMinor();
            PaymentStatus next = full ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
            after = payments.adjustRefunded(payment.id(), 0, next);
            if (next != payment.status()) {
                outbox.append(
                        payment.merchantId(),
                        payment.mode(),
                        payment.reference(),
                        next.eventType(),
                        ke.onpoint.pay.payment.PaymentView.of(after));
            }
        } else {
            log.warn("Refund {} of {} failed: {}", refund.reference(), payment.reference(), message);
            after = payments.adjustRefunded(payment.id(), -refund.amountMinor(), payment.status());
        }
        outbox.append(
                payment.merchantId(),
                payment.mode(),
                payment.reference(),
                "refund." + finished.get().status(),
                RefundView.of(finished.get(), after));
        return finished;
    }

    /** {@code {"reference","amount","reason"}}, checked: a 422 naming each bad field. */
    public static RefundRequest parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode reference = body.get("reference");
        if (reference == null
                || !reference.isTextual()
                || reference.asText().isBlank()
                || reference.asText().length() > 64) {
            errors.add(new FieldError("reference", "is required: the payment's gateway reference (TXN…) or your own"));
        }
        Long amountMinor = null;
        JsonNode amount = body.get("amount");
        if (amount != null && !amount.isNull()) {
            if (!amount.isNumber()) {
                errors.add(new FieldError("amount", "must be a number"));
            } else {
                BigDecimal value = amount.decimalValue();
                if (value.signum() <= 0) {
                    errors.add(new FieldError("amount", "must be greater than 0"));
                } else if (value.compareTo(Money.MAX_AMOUNT) > 0) {
                    errors.add(new FieldError("amount", "is too large"));
                } else {
                    amountMinor = Money.toMinor(value).orElse(null);
                    if (amountMinor == null) {
                        errors.add(new FieldError("amount", "must have at most 2 decimal places"));
                    }
                }
            }
        }
        JsonNode reason = body.get("reason");
        if (reason != null
                && !reason.isNull()
                && (!reason.isTextual() || reason.asText().length() > 255)) {
            errors.add(new FieldError("reason", "must be a string of at most 255 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new RefundRequest(
                reference.asText().trim(), amountMinor, reason == null || reason.isNull() ? null : reason.asText());
    }
}
