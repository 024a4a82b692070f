package ke.onpoint.pay.payment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How the customer pays; the content-based router sends each to its provider. */
public enum PaymentMethod {
    MPESA("mpesa", "mpesa");

    private final String code;
    private final String provider;

    PaymentMethod(String code, String provider) {
        this.code = code;
        this.provider = provider;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String provider() {
        return provider;
    }

    public static Optional<PaymentMethod> fromCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }

    public static List<String> supportedCodes() {
        return Arrays.stream(values()).map(PaymentMethod::code).toList();
    }
}
