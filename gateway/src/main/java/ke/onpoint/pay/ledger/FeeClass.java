package ke.onpoint.pay.ledger;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a payment is priced as. A card in a currency other than KES is priced as international. */
public enum FeeClass {
    MPESA("mpesa"),
    CARD_LOCAL("card_local"),
    CARD_INTERNATIONAL("card_international");

    private final String code;

    FeeClass(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<FeeClass> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    /** The class of a payment by method ({@code mpesa}, {@code card}) and currency. */
    public static FeeClass of(String method, String currency) {
        if (method.equals("mpesa")) {
            return MPESA;
        }
        return currency.equals("KES") ? CARD_LOCAL : CARD_INTERNATIONAL;
    }
}
