package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Daraja's field rules for STK Push and STK Query (reference §1.2, §1.5). Fields are checked in document order and
 * the first bad one is reported as {@code 400.002.02 Bad Request - Invalid <Field>}; the Password is compared only
 * after every field is well-formed, and a mismatch is Safaricom's HTTP 500 "Wrong credentials".
 */
final class StkRequestValidator {

    static final Set<String> TRANSACTION_TYPES = Set.of("CustomerPayBillOnline", "CustomerBuyGoodsOnline");
    static final long MIN_AMOUNT = 1;
    static final long MAX_AMOUNT = 250_000;
    /** How far a Timestamp may be from now; Daraja rejects stale or future ones. */
    static final Duration TIMESTAMP_TOLERANCE = Duration.ofHours(1);

    private static final Pattern SHORTCODE = Pattern.compile("\\d{5,7}");
    private static final Pattern MSISDN = Pattern.compile("254[17]\\d{8}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");
    private static final Pattern TIMESTAMP_DIGITS = Pattern.compile("\\d{14}");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    /** A well-formed STK Push. Numbers are kept as the digit strings Daraja treats them as. */
    record Push(
            String businessShortCode,
            String password,
            String timestamp,
            String transactionType,
            long amount,
            String partyA,
            String partyB,
            String phoneNumber,
            String callbackUrl,
            String accountReference,
            String transactionDesc) {}

    record Query(String businessShortCode, String password, String timestamp, String checkoutRequestId) {}

    private StkRequestValidator() {}

    static Push push(ObjectNode body, java.util.function.UnaryOperator<String> passkeys, Instant now) {
        String shortCode = shortCode(body, passkeys);
        String password = required(body, "Password");
        String timestamp = timestamp(body, now);
        String type = text(body.get("TransactionType"));
        if (type == null || !TRANSACTION_TYPES.contains(type)) {
            throw DarajaErrors.invalidField("TransactionType");
        }
        long amount = amount(body.get("Amount"));
        String partyA = msisdn(body, "PartyA");
        String partyB = text(body.get("PartyB"));
        if (partyB == null || !DIGITS.matcher(partyB).matches()) {
            throw DarajaErrors.invalidField("PartyB");
        }
        String phone = msisdn(body, "PhoneNumber");
        String callbackUrl = text(body.get("CallBackURL"));
        if (!isAbsoluteHttpUrl(callbackUrl)) {
            throw DarajaErrors.invalidField("CallBackURL");
        }
        String reference = text(body.get("AccountReference"));
        if (reference == null || reference.isBlank() || reference.length() > 12) {
            throw DarajaErrors.invalidField("AccountReference");
        }
        JsonNode descNode = body.get("TransactionDesc");
        String desc = null;
        if (descNode != null && !descNode.isNull()) {
            desc = text(descNode);
            if (desc == null || desc.length() > 13) {
                throw DarajaErrors.invalidField("TransactionDesc");
            }
        }
        checkPassword(shortCode, passkeys.apply(shortCode), password, timestamp);
        return new Push(
                shortCode, password, timestamp, type, amount, partyA, partyB, phone, callbackUrl, reference, desc);
    }

    static Query query(ObjectNode body, java.util.function.UnaryOperator<String> passkeys, Instant now) {
        String shortCode = shortCode(body, passkeys);
        String password = required(body, "Password");
        String timestamp = timestamp(body, now);
        String checkoutRequestId = required(body, "CheckoutRequestID");
        checkPassword(shortCode, passkeys.apply(shortCode), password, timestamp);
        return new Query(shortCode, password, timestamp, checkoutRequestId);
    }

    /**
     * Daraja's Password is {@code base64(BusinessShortCode + Passkey + Timestamp)}: decoded here (standard alphabet,
     * padded, as Daraja requires) and compared with what the request says, so the check does not share the client's
     * encoder and a client that pads, orders or times it wrongly is refused as Daraja refuses it.
     */
    private static void checkPassword(String shortCode, String passkey, String password, String timestamp) {
        byte[] decoded;
        try {
            decoded = password.length() % 4 == 0 ? Base64.getDecoder().decode(password) : null;
        } catch (IllegalArgumentException notBase64) {
            decoded = null;
        }
        byte[] expected = (shortCode + passkey + timestamp).getBytes(StandardCharsets.US_ASCII);
        if (decoded == null || !MessageDigest.isEqual(decoded, expected)) {
            throw DarajaErrors.wrongCredentials();
        }
    }

    /** A shortcode linked to the app (one with a passkey). */
    private static String shortCode(ObjectNode body, java.util.function.UnaryOperator<String> passkeys) {
        String shortCode = text(body.get("BusinessShortCode"));
        if (shortCode == null || !SHORTCODE.matcher(shortCode).matches() || passkeys.apply(shortCode) == null) {
            throw DarajaErrors.invalidField("BusinessShortCode");
        }
        return shortCode;
    }

    private static String timestamp(ObjectNode body, Instant now) {
        String timestamp = text(body.get("Timestamp"));
        if (timestamp == null || !TIMESTAMP_DIGITS.matcher(timestamp).matches()) {
            throw DarajaErrors.invalidField("Timestamp");
        }
        Instant at;
        try {
            at = LocalDateTime.parse(timestamp, TIMESTAMP)
                    .atZone(DarajaTime.EAT)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw DarajaErrors.invalidField("Timestamp");
        }
        if (Duration.between(at, now).abs().compareTo(TIMESTAMP_TOLERANCE) > 0) {
            throw DarajaErrors.invalidField("Timestamp");
        }
        return timestamp;
    }

    private static String msisdn(ObjectNode body, String field) {
        String value = text(body.get(field));
        if (value == null || !MSISDN.matcher(value).matches()) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    private static String required(ObjectNode body, String field) {
        String value = text(body.get(field));
        if (value == null || value.isBlank()) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    /** Whole shillings only: a JSON number or numeric string whose value has no fractional part (10.5 is invalid). */
    private static long amount(JsonNode node) {
        BigDecimal value = null;
        if (node != null && node.isNumber()) {
            value = node.decimalValue();
        } else if (node != null && node.isTextual()) {
            try {
                value = new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null) {
            throw DarajaErrors.invalidField("Amount");
        }
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw DarajaErrors.invalidField("Amount");
        }
        if (whole.compareTo(BigInteger.valueOf(MIN_AMOUNT)) < 0
                || whole.compareTo(BigInteger.valueOf(MAX_AMOUNT)) > 0) {
            throw DarajaErrors.invalidField("Amount");
        }
        return whole.longValueExact();
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return uri.isAbsolute()
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null
                    && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * A field as Daraja reads it: strings as-is, integral JSON numbers as their digits (clients send shortcodes and
     * MSISDNs either way); anything else (objects, booleans, 2.547E11) is unusable.
     */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return null;
    }
}
