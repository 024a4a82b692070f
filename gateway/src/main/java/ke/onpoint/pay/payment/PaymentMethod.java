package ke.onpoint.pay.payment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the customer pays; the content-based router sends each to its {@link PaymentRail}. */
public enum PaymentMethod {
    MPESA("mpesa"),
    CARD("card");

    private final String code;

    PaymentMethod(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<PaymentMethod> fromCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }

    public static List<String> supportedCodes() {
        return Arrays.stream(values()).map(PaymentMethod::code).toList();
    }
}
