package ke.onpoint.pay.payment;

import java.time.Instant;

/** What a provider says happened to a payment, as the payment records it. */
public record PaymentOutcome(
        PaymentStatus status,
        String failureCode,
        String failureReason,
        String receipt,
        String paidPhone,
        Instant paidAt) {

    /**
     * Failure codes of a payment the gateway expired itself because no provider answer came (the push was never
     * confirmed, or no result within the window): the outcome was unknown, so a later success still completes it.
     */
    public static final java.util.Set<String> NO_ANSWER_CODES = java.util.Set.of("PUSH_NOT_CONFIRMED", "NO_RESULT");

    public static PaymentOutcome failed(PaymentStatus status, String code, String reason) {
        return new PaymentOutcome(status, code, truncate(reason), null, null, null);
    }

    public static PaymentOutcome completed(String receipt, String paidPhone, Instant paidAt) {
        return new PaymentOutcome(PaymentStatus.COMPLETED, null, null, receipt, paidPhone, paidAt);
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 255 ? reason : reason.substring(0, 255);
    }
}
