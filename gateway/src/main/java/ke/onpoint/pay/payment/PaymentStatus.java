package ke.onpoint.pay.payment;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A payment's life: {@code pending → processing → completed | failed | cancelled | expired};
 * {@code completed → partially_refunded | refunded}. Terminal states never move back.
 */
public enum PaymentStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    CANCELLED,
    EXPIRED,
    PARTIALLY_REFUNDED,
    REFUNDED;

    private static final Set<PaymentStatus> OUTCOMES = EnumSet.of(COMPLETED, FAILED, CANCELLED, EXPIRED);

    public boolean canMoveTo(PaymentStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || OUTCOMES.contains(next);
            case PROCESSING -> OUTCOMES.contains(next);
            case COMPLETED -> next == PARTIALLY_REFUNDED || next == REFUNDED;
            case PARTIALLY_REFUNDED -> next == PARTIALLY_REFUNDED || next == REFUNDED;
            case FAILED, CANCELLED, EXPIRED, REFUNDED -> false;
        };
    }

    /** No provider outcome is awaited any more. */
    public boolean isFinal() {
        return this != PENDING && this != PROCESSING;
    }

    /** The states a payment may be in for the given one to be entered. */
    public Set<PaymentStatus> predecessors() {
        EnumSet<PaymentStatus> from = EnumSet.noneOf(PaymentStatus.class);
        for (PaymentStatus s : values()) {
            if (s.canMoveTo(this)) {
                from.add(s);
            }
        }
        return from;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event type a merchant receives when a payment enters this state. */
    public String eventType() {
        return "payment." + code();
    }

    public static Optional<PaymentStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }
}
