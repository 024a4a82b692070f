package ke.onpoint.pay.payment;

import java.util.Map;

/**
 * Why a payment ended, in a small fixed vocabulary a dashboard can group by: a provider's result code (never its free
 * text, never an id) is reduced to one of these words, so the {@code reason} tag of {@code onpoint.payments.ended}
 * stays a handful of series however many codes providers invent. The codes are the providers' documented ones
 * (reference §1.13 for M-Pesa's ResultCodes), kept as data: the core imports no provider.
 */
public final class EndReasons {

    public static final String PAID = "paid";
    public static final String CANCELLED_BY_CUSTOMER = "cancelled_by_customer";
    public static final String NO_CUSTOMER_RESPONSE = "no_customer_response";
    public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
    public static final String WRONG_PIN = "wrong_pin";
    public static final String LIMIT = "limit";
    public static final String PROVIDER_ERROR = "provider_error";
    public static final String DECLINED = "declined";
    public static final String INVALID_PHONE = "invalid_phone";
    public static final String THROTTLED = "throttled";
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    /** The gateway expired it: no provider answer within the window. */
    public static final String NO_ANSWER = "no_answer";
    /** The gateway expired it: the card customer never finished the checkout. */
    public static final String ABANDONED = "abandoned";
    /** Held for review: the provider's message did not match what we asked. */
    public static final String REVIEW = "review";

    public static final String OTHER = "other";

    private static final Map<String, String> BY_CODE = Map.ofEntries(
            Map.entry("1032", CANCELLED_BY_CUSTOMER),
            Map.entry("1019", NO_CUSTOMER_RESPONSE),
            Map.entry("1037", NO_CUSTOMER_RESPONSE),
            Map.entry("1", INSUFFICIENT_FUNDS),
            Map.entry("2001", WRONG_PIN),
            Map.entry("8006", WRONG_PIN),
            Map.entry("2", LIMIT),
            Map.entry("3", LIMIT),
            Map.entry("4", LIMIT),
            Map.entry("8", LIMIT),
            Map.entry("17", LIMIT),
            Map.entry("26", PROVIDER_ERROR),
            Map.entry("1001", PROVIDER_ERROR),
            Map.entry("1025", PROVIDER_ERROR),
            Map.entry("9999", PROVIDER_ERROR),
            Map.entry("DECLINED", DECLINED),
            Map.entry("PUSH_NOT_CONFIRMED", NO_ANSWER),
            Map.entry("NO_RESULT", NO_ANSWER),
            Map.entry("ABANDONED", ABANDONED),
            Map.entry("PROVIDER_UNAVAILABLE", PROVIDER_UNAVAILABLE));

    private EndReasons() {}

    /** The reason of a provider's (or the reconciliation job's) outcome. */
    public static String of(PaymentOutcome outcome) {
        if (outcome.status() == PaymentStatus.COMPLETED) {
            return PAID;
        }
        return outcome.failureCode() == null ? OTHER : BY_CODE.getOrDefault(outcome.failureCode(), OTHER);
    }

    /** The reason of a refusal of the initiation itself. */
    public static String of(InitiationOutcome.Reason refusal) {
        return switch (refusal) {
            case INVALID_PHONE -> INVALID_PHONE;
            case THROTTLED -> THROTTLED;
            case UNAVAILABLE -> PROVIDER_UNAVAILABLE;
            case DECLINED -> DECLINED;
        };
    }

    /** An end the gateway decided alone, with no provider message behind it. */
    static boolean unanswered(String reason) {
        return NO_ANSWER.equals(reason) || ABANDONED.equals(reason);
    }
}
