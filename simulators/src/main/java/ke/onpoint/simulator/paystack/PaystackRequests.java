package ke.onpoint.simulator.paystack;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * Validation of the request bodies the simulated Paystack accepts, with Paystack's error messages where they are
 * known (reference §2.1, api-errors.json); the few it does not document say plainly what is wrong.
 */
final class PaystackRequests {

    static final Set<String> CURRENCIES = Set.of("KES", "USD", "NGN", "GHS", "ZAR");
    static final String DEFAULT_CURRENCY = "KES";
    /** Above this many subunits Paystack's "Transaction amount limit exceeded" (KES 100 million). */
    static final long AMOUNT_LIMIT = 10_000_000_000L;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");
    private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9.=-]+$");
    private static final Pattern WHOLE = Pattern.compile("^[0-9]+$");
    private static final Pattern DECIMAL = Pattern.compile("^-?[0-9]*\\.[0-9]*$");
    /** E.164 with the plus sign: integrators report Paystack rejects {@code 2547...} without it (reference §2.3). */
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");

    record Initialize(
            String email,
            long amount,
            String currency,
            String reference,
            String callbackUrl,
            JsonNode metadata,
            JsonNode channels) {}

    record Charge(
            String email,
            long amount,
            String currency,
            String reference,
            String phone,
            String provider,
            JsonNode metadata) {}

    /** {@code amount} null means "whatever remains unrefunded". */
    record Refund(String transaction, Long amount, String currency, String customerNote, String merchantNote) {}

    private PaystackRequests() {}

    static ObjectNode body(byte[] raw) {
        ObjectNode json = SimulatorJson.parseObject(raw);
        if (json == null) {
            throw PaystackApiException.badRequest("Invalid JSON body");
        }
        return json;
    }

    static Initialize initialize(ObjectNode json) {
        String email = email(json);
        long amount = amount(json.get("amount"));
        String currency = currency(json.get("currency"));
        String reference = reference(json.get("reference"));
        String callbackUrl = optionalText(json.get("callback_url"));
        JsonNode channels = json.get("channels");
        if (channels != null && !channels.isNull() && !channels.isArray()) {
            throw PaystackApiException.badRequest("Channels must be an array");
        }
        return new Initialize(
                email,
                amount,
                currency,
                reference,
                callbackUrl,
                metadata(json.get("metadata")),
                channels == null || channels.isNull() ? null : channels);
    }

    static Charge charge(ObjectNode json) {
        String email = email(json);
        long amount = amount(json.get("amount"));
        String currency = currency(json.get("currency"));
        String reference = reference(json.get("reference"));
        JsonNode mobileMoney = json.get("mobile_money");
        if (mobileMoney == null || !mobileMoney.isObject()) {
            throw PaystackApiException.badRequest(
                    "Invalid payment channel: the simulator supports mobile_money {phone, provider:\"mpesa\"}");
        }
        String provider = optionalText(mobileMoney.get("provider"));
        if (provider == null || !"mpesa".equals(provider.toLowerCase(Locale.ROOT))) {
            throw PaystackApiException.badRequest("Invalid mobile money provider");
        }
        if (!"KES".equals(currency)) {
            throw PaystackApiException.badRequest("Currency not supported by merchant");
        }
        String phone = optionalText(mobileMoney.get("phone"));
        if (phone == null || !E164.matcher(phone).matches()) {
            throw PaystackApiException.badRequest("Invalid phone number format");
        }
        return new Charge(email, amount, currency, reference, phone, "mpesa", metadata(json.get("metadata")));
    }

    static Refund refund(ObjectNode json) {
        JsonNode transactionNode = json.get("transaction");
        String transaction;
        if (transactionNode != null && transactionNode.isIntegralNumber()) {
            transaction = transactionNode.asText();
        } else {
            transaction = optionalText(transactionNode);
        }
        if (transaction == null || transaction.isBlank()) {
            throw PaystackApiException.badRequest("Transaction reference or id is required");
        }
        JsonNode amountNode = json.get("amount");
        Long amount = amountNode == null || amountNode.isNull() ? null : amount(amountNode);
        JsonNode currencyNode = json.get("currency");
        String currency = currencyNode == null || currencyNode.isNull() ? null : currency(currencyNode);
        return new Refund(
                transaction,
                amount,
                currency,
                optionalText(json.get("customer_note")),
                optionalText(json.get("merchant_note")));
    }

    private static String email(ObjectNode json) {
        String email = optionalText(json.get("email"));
        if (email == null || !EMAIL.matcher(email.trim()).matches()) {
            throw PaystackApiException.badRequest("Invalid Email Address Passed");
        }
        return email.trim();
    }

    /** A positive whole number of subunits, as a JSON integer or a string of digits. */
    static long amount(JsonNode node) {
        if (node == null || node.isNull()) {
            throw PaystackApiException.badRequest("Invalid Amount Sent");
        }
        BigDecimal value;
        if (node.isIntegralNumber()) {
            value = new BigDecimal(node.bigIntegerValue());
        } else if (node.isNumber()) {
            throw PaystackApiException.badRequest("Amount must be an integer");
        } else if (node.isTextual() && WHOLE.matcher(node.textValue().trim()).matches()) {
            value = new BigDecimal(node.textValue().trim());
        } else if (node.isTextual() && DECIMAL.matcher(node.textValue().trim()).matches()) {
            throw PaystackApiException.badRequest("Amount must be an integer");
        } else {
            throw PaystackApiException.badRequest("Invalid Amount Sent");
        }
        if (value.signum() <= 0) {
            throw PaystackApiException.badRequest("Invalid Amount Sent");
        }
        if (value.compareTo(BigDecimal.valueOf(AMOUNT_LIMIT)) > 0) {
            throw PaystackApiException.badRequest("Transaction amount limit exceeded");
        }
        return value.longValueExact();
    }

    private static String currency(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_CURRENCY;
        }
        String currency = node.isTextual() ? node.textValue().trim() : null;
        if (currency == null || !CURRENCIES.contains(currency)) {
            throw PaystackApiException.badRequest("Currency not supported by merchant");
        }
        return currency;
    }

    private static String reference(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String reference = node.isTextual() || node.isNumber() ? node.asText() : "";
        if (!REFERENCE.matcher(reference).matches()) {
            throw PaystackApiException.badRequest("Invalid character in transaction reference");
        }
        return reference;
    }

    /** An object, or a string holding a JSON object (which is stored parsed); any other string is kept as is. */
    private static JsonNode metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return node;
        }
        if (node.isTextual()) {
            try {
                JsonNode parsed = SimulatorJson.MAPPER.readTree(node.textValue());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (IOException e) {
                // not JSON: keep the string
            }
            return node;
        }
        throw PaystackApiException.badRequest("Metadata must be an object or a JSON string");
    }

    private static String optionalText(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
