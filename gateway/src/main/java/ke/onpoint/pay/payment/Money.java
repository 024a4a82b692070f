package ke.onpoint.pay.payment;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Decimal amounts exist only at the API edge; everything else is {@code long} minor units (cents).
 * Both supported currencies (KES, USD) have two decimal places.
 */
public final class Money {

    public static final int MINOR_DIGITS = 2;
    public static final long MPESA_MIN_KES = 1;
    public static final long MPESA_MAX_KES = 250_000;
    /** Larger than any payment we take, small enough that minor units can never overflow. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private Money() {}

    /** Minor units of a major-unit amount, or empty when it has more than two decimals. */
    public static Optional<Long> toMinor(BigDecimal major) {
        if (major.stripTrailingZeros().scale() > MINOR_DIGITS) {
            return Optional.empty();
        }
        return Optional.of(major.movePointRight(MINOR_DIGITS).longValueExact());
    }

    public static BigDecimal toMajor(long minor) {
        return BigDecimal.valueOf(minor, MINOR_DIGITS);
    }

    /**
     * An amount as the gateway writes it everywhere (API answers, webhooks, Kafka, CSV): a plain decimal with the
     * currency's two places, {@code 100.00} and {@code 0.00}, never {@code 1E+2} or {@code 0}. More places than two
     * are written as they are, never rounded: amounts come from minor units and never have them.
     */
    public static String format(BigDecimal major) {
        return (major.scale() < MINOR_DIGITS ? major.setScale(MINOR_DIGITS) : major).toPlainString();
    }

    /**
     * The one JSON serializer of amounts, registered for {@link BigDecimal} by the API's JSON dialect: decimals exist
     * only at the API edge and only for money, so every BigDecimal the gateway writes is an amount.
     */
    public static final class JsonAmount extends StdSerializer<BigDecimal> {

        public JsonAmount() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(format(value));
        }
    }

    /** Why an amount cannot be an M-Pesa payment (whole KES 1–250,000), or empty when it can. */
    public static Optional<String> mpesaViolation(BigDecimal major) {
        if (major.stripTrailingZeros().scale() > 0) {
            return Optional.of("M-Pesa takes whole shillings only (no cents)");
        }
        if (major.compareTo(BigDecimal.valueOf(MPESA_MIN_KES)) < 0
                || major.compareTo(BigDecimal.valueOf(MPESA_MAX_KES)) > 0) {
            return Optional.of("M-Pesa takes KES " + MPESA_MIN_KES + " to 250,000 per payment");
        }
        return Optional.empty();
    }
}
