package ke.onpoint.pay.payment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.api.WebUrls;
import org.springframework.stereotype.Component;

/**
 * Checks a {@code POST /payments/initiate} body field by field and reports every problem at once, each naming
 * its field. Nothing is written until the whole request is valid.
 */
@Component
public class PaymentRequestValidator {

    static final Pattern MERCHANT_REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/#-]{0,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    static final int MAX_METADATA_BYTES = 4096;
    static final java.util.Set<String> CARD_CURRENCIES = java.util.Set.of("KES", "USD");

    public InitiatePayment validate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Optional<PaymentMethod> method = text(body, "payment_method", true, errors)
                .flatMap(code -> {
                    Optional<PaymentMethod> m = PaymentMethod.fromCode(code);
                    if (m.isEmpty()) {
                        errors.add(new FieldError(
                                "payment_method",
                                "'" + code + "' is not supported; supported methods: "
                                        + String.join(", ", PaymentMethod.supportedCodes())));
                    }
                    return m;
                });
        // optional, KES when absent; but one that is sent must be a code: "" is not KES
        boolean currencySent = body.hasNonNull("currency");
        String currency = text(body, "currency", currencySent, errors).orElse(currencySent ? null : "KES");
        if (currency == null) {
            // already reported
        } else if (!currency.matches("[A-Z]{3}")) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code such as KES"));
        } else if (method.isPresent() && method.get() == PaymentMethod.MPESA && !currency.equals("KES")) {
            errors.add(new FieldError("currency", "M-Pesa payments are in KES only"));
        } else if (method.isPresent() && method.get() == PaymentMethod.CARD && !CARD_CURRENCIES.contains(currency)) {
            errors.add(new FieldError("currency", "card payments are in KES or USD"));
        }
        Long amountMinor = amount(body, method.orElse(null), errors);
        String phone = null;
        if (method.isPresent()) {
            boolean required = method.get() == PaymentMethod.MPESA; // a card customer's phone is optional
            phone = text(body, "phone", required, errors)
                    .flatMap(raw -> {
                        Optional<String> normalised = PhoneNumbers.normalise(raw);
                        if (normalised.isEmpty()) {
                            errors.add(
                                    new FieldError(
                                            "phone",
                                            "must be a Kenyan mobile number such as 0712345678, +254712345678 or 254712345678"));
                        }
                        return normalised;
                    })
                    .orElse(null);
        }
        boolean card = method.isPresent() && method.get() == PaymentMethod.CARD;
        String email = text(body, "email", card, errors).orElse(null); // hosted checkout needs the customer's email
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            errors.add(new FieldError("email", "must be an email address"));
        }
        String reference = text(body, "reference", true, errors).orElse(null);
        if (reference != null && !MERCHANT_REFERENCE.matcher(reference).matches()) {
            errors.add(new FieldError(
                    "reference",
                    "must be 1 to 64 characters: letters, digits and . _ : / # - (starting with a letter or digit)"));
        }
        String description = text(body, "description", false, errors).orElse(null);
        if (description != null && description.length() > 100) {
            errors.add(new FieldError("description", "must be at most 100 characters"));
        }
        String callbackUrl = text(body, "callback_url", false, errors).orElse(null);
        if (callbackUrl != null && !WebUrls.isWebUrl(callbackUrl)) {
            errors.add(new FieldError("callback_url", WebUrls.RULE));
        }
        String metadata = metadata(body, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new InitiatePayment(
                method.get(), amountMinor, currency, phone, email, reference, description, callbackUrl, metadata);
    }

    private static Long amount(JsonNode body, PaymentMethod method, List<FieldError> errors) {
        JsonNode node = body.get("amount");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("amount", "is required"));
            return null;
        }
        if (!node.isNumber()) {
            errors.add(new FieldError("amount", "must be a number, such as 100 or 100.00"));
            return null;
        }
        BigDecimal amount = node.decimalValue();
        if (amount.signum() <= 0) {
            errors.add(new FieldError("amount", "must be greater than 0"));
            return null;
        }
        if (amount.compareTo(Money.MAX_AMOUNT) > 0) {
            errors.add(new FieldError("amount", "is too large"));
            return null;
        }
        if (method == PaymentMethod.MPESA) {
            Optional<String> violation = Money.mpesaViolation(amount);
            if (violation.isPresent()) {
                errors.add(new FieldError("amount", violation.get()));
                return null;
            }
        }
        Optional<Long> minor = Money.toMinor(amount);
        if (minor.isEmpty()) {
            errors.add(new FieldError("amount", "must have at most 2 decimal places"));
            return null;
        }
        return minor.get();
    }

    private static Optional<String> text(JsonNode body, String field, boolean required, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        String value = node.textValue().trim();
        if (value.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "must not be empty"));
            }
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static String metadata(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("metadata");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("metadata", "must be a JSON object"));
            return null;
        }
        String json = node.toString();
        if (json.length() > MAX_METADATA_BYTES) {
            errors.add(new FieldError("metadata", "must be at most " + MAX_METADATA_BYTES + " characters of JSON"));
            return null;
        }
        return json;
    }
}
