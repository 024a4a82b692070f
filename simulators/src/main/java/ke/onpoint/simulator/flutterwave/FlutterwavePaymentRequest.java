package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated {@code POST /v3/payments} (Flutterwave Standard) body. Amounts are major units. Field checks come in
 * a fixed order, each failing with a 400 in Flutterwave's error envelope; the duplicate tx_ref check happens when
 * the simulator stores the payment.
 */
record FlutterwavePaymentRequest(
        String txRef,
        BigDecimal amount,
        String currency,
        String redirectUrl,
        String customerEmail,
        String customerName,
        String customerPhone,
        JsonNode customizations,
        JsonNode meta,
        String paymentOptions) {

    static final String DEFAULT_CURRENCY = "NGN";
    /** The currencies Flutterwave Standard collects in; anything else is a typo worth failing on. */
    static final Set<String> CURRENCIES = Set.of(
            "NGN", "KES", "USD", "EUR", "GBP", "GHS", "ZAR", "UGX", "TZS", "RWF", "ZMW", "MWK", "XAF", "XOF", "EGP",
            "ETB", "SLL", "MAD", "CAD");

    static final int MAX_TX_REF_LENGTH = 100;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    static FlutterwavePaymentRequest parse(ObjectNode body) {
        String txRef = text(body.get("tx_ref"));
        if (txRef == null || txRef.isBlank()) {
            throw FlutterwaveApiException.badRequest("tx_ref is required");
        }
        if (txRef.length() > MAX_TX_REF_LENGTH) {
            throw FlutterwaveApiException.badRequest("Invalid tx_ref");
        }

        BigDecimal amount = FlutterwaveJson.amount(body.get("amount"));
        if (amount == null || amount.signum() <= 0) {
            throw FlutterwaveApiException.badRequest("Invalid amount");
        }

        String currency = DEFAULT_CURRENCY;
        JsonNode currencyNode = body.get("currency");
        if (currencyNode != null && !currencyNode.isNull()) {
            String given =
                    currencyNode.isTextual() ? currencyNode.textValue().trim().toUpperCase(Locale.ROOT) : "";
            if (!CURRENCIES.contains(given)) {
                throw FlutterwaveApiException.badRequest("Invalid currency");
            }
            currency = given;
        }

        String redirectUrl = text(body.get("redirect_url"));
        if (redirectUrl != null && !redirectUrl.isBlank()) {
            redirectUrl = redirectUrl.trim();
            if (!isAbsoluteHttpUrl(redirectUrl)) {
                throw FlutterwaveApiException.badRequest("Invalid redirect_url");
            }
        } else {
            redirectUrl = null;
        }

        JsonNode customer = body.get("customer");
        String email = customer instanceof ObjectNode ? text(customer.get("email")) : null;
        if (email == null || email.isBlank()) {
            throw FlutterwaveApiException.badRequest("customer.email is required");
        }
        email = email.trim();
        if (!EMAIL.matcher(email).matches()) {
            throw FlutterwaveApiException.badRequest("customer.email is invalid");
        }
        String name = text(customer.get("name"));
        String phone = text(customer.get("phonenumber"));

        JsonNode customizations = body.get("customizations");
        JsonNode meta = body.get("meta");
        return new FlutterwavePaymentRequest(
                txRef,
                amount,
                currency,
                redirectUrl,
                email,
                name == null || name.isBlank() ? null : name.trim(),
                phone == null || phone.isBlank() ? null : phone.trim(),
                customizations instanceof ObjectNode ? customizations.deepCopy() : null,
                meta == null || meta.isNull() ? null : meta.deepCopy(),
                text(body.get("payment_options")));
    }

    /** The customizations title, Flutterwave's name for what the customer sees as the merchant. */
    String title() {
        String title = customizations == null ? null : text(customizations.get("title"));
        return title == null || title.isBlank() ? null : title;
    }

    /** Strings as given; numbers (tx_ref 12345) as their text; anything else null. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.isNumber() ? node.asText() : null;
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
