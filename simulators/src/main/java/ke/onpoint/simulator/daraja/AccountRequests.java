package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Field rules of C2B register/simulate (§1.6), Transaction Status (§1.7) and Reversal (§1.8). As for STK, fields are
 * checked in document order and the first bad one is {@code 400.002.02 Bad Request - Invalid <Field>}.
 * SecurityCredential is only required to be present here: whether it is right is decided asynchronously (2001).
 */
final class AccountRequests {

    static final Set<String> RESPONSE_TYPES = Set.of("Completed", "Cancelled");
    static final Set<String> C2B_COMMANDS = Set.of("CustomerPayBillOnline", "CustomerBuyGoodsOnline");
    static final Set<String> IDENTIFIER_TYPES = Set.of("1", "2", "4", "11");
    /** Daraja refuses callback URLs containing any of these (§1.6). */
    static final List<String> FORBIDDEN_URL_WORDS = List.of("mpesa", "safaricom", "exe", "exec", "cmd", "sql", "query");

    private static final Pattern SHORTCODE = Pattern.compile("\\d{5,7}");
    private static final Pattern PARTY = Pattern.compile("\\d{1,12}");
    private static final Pattern MSISDN = Pattern.compile("254[17]\\d{8}");
    private static final long MAX_AMOUNT = 250_000;

    record Registration(String shortCode, String responseType, String confirmationUrl, String validationUrl) {}

    record C2bPayment(String shortCode, String commandId, long amount, String msisdn, String billRefNumber) {

        String transactionType() {
            return "CustomerBuyGoodsOnline".equals(commandId) ? "Buy Goods" : "Pay Bill";
        }
    }

    /** Transaction Status: transactionId and/or originalConversationId (at least one). */
    record StatusQuery(
            String initiator,
            String securityCredential,
            String transactionId,
            String originalConversationId,
            String partyA,
            String identifierType,
            String resultUrl,
            String queueTimeOutUrl,
            String remarks,
            String occasion) {}

    record Reversal(
            String initiator,
            String securityCredential,
            String transactionId,
            long amount,
            String receiverParty,
            String receiverIdentifierType,
            String resultUrl,
            String queueTimeOutUrl,
            String remarks,
            String occasion) {}

    /** Account Balance (§1.16): only the caller's own shortcode, IdentifierType 4. */
    record BalanceQuery(
            String initiator,
            String securityCredential,
            String partyA,
            String remarks,
            String queueTimeOutUrl,
            String resultUrl) {}

    private AccountRequests() {}

    static BalanceQuery balanceQuery(ObjectNode body) {
        String initiator = required(body, "Initiator");
        String credential = required(body, "SecurityCredential");
        command(body, "AccountBalance");
        String partyA = shortCode(body, "PartyA");
        if (!"4".equals(StkRequestValidator.text(body.get("IdentifierType")))) {
            throw DarajaErrors.invalidField("IdentifierType");
        }
        String remarks = remarks(body, 1);
        String timeoutUrl = resultUrl(body, "QueueTimeOutURL");
        String resultUrl = resultUrl(body, "ResultURL");
        return new BalanceQuery(initiator, credential, partyA, remarks, timeoutUrl, resultUrl);
    }

    static Registration registration(ObjectNode body) {
        String shortCode = shortCode(body, "ShortCode");
        String responseType = StkRequestValidator.text(body.get("ResponseType"));
        if (responseType == null || !RESPONSE_TYPES.contains(responseType)) {
            throw DarajaErrors.invalidField("ResponseType");
        }
        String confirmation = callbackUrl(body, "ConfirmationURL");
        // Optional here: a shortcode without external validation only ever gets confirmations.
        String validation = blank(body.get("ValidationURL")) ? null : callbackUrl(body, "ValidationURL");
        return new Registration(shortCode, responseType, confirmation, validation);
    }

    static C2bPayment payment(ObjectNode body) {
        String shortCode = shortCode(body, "ShortCode");
        String commandId = StkRequestValidator.text(body.get("CommandID"));
        if (commandId == null || !C2B_COMMANDS.contains(commandId)) {
            throw DarajaErrors.invalidField("CommandID");
        }
        long amount = amount(body, "Amount");
        String msisdn = msisdn(body, "Msisdn");
        JsonNode refNode = body.get("BillRefNumber");
        String billRef = "";
        if (refNode != null && !refNode.isNull()) {
            billRef = StkRequestValidator.text(refNode);
            if (billRef == null || billRef.length() > 20) {
                throw DarajaErrors.invalidField("BillRefNumber");
            }
        }
        return new C2bPayment(shortCode, commandId, amount, msisdn, billRef);
    }

    static StatusQuery statusQuery(ObjectNode body) {
        String initiator = required(body, "Initiator");
        String credential = required(body, "SecurityCredential");
        command(body, "TransactionStatusQuery");
        String transactionId = optional(body, "TransactionID", 100);
        String originalConversationId = optional(body, "OriginalConversationID", 100);
        if (transactionId == null && originalConversationId == null) {
            throw DarajaErrors.invalidField("TransactionID");
        }
        String partyA = party(body, "PartyA");
        String identifierType = identifierType(body, "IdentifierType");
        String resultUrl = resultUrl(body, "ResultURL");
        String timeoutUrl = resultUrl(body, "QueueTimeOutURL");
        String remarks = remarks(body, 1);
        String occasion = optional(body, "Occasion", 100);
        return new StatusQuery(
                initiator,
                credential,
                transactionId,
                originalConversationId,
                partyA,
                identifierType,
                resultUrl,
                timeoutUrl,
                remarks,
                occasion);
    }

    static Reversal reversal(ObjectNode body) {
        String initiator = required(body, "Initiator");
        String credential = required(body, "SecurityCredential");
        command(body, "TransactionReversal");
        String transactionId = required(body, "TransactionID");
        long amount = amount(body, "Amount");
        String receiverParty = party(body, "ReceiverParty");
        // Safaricom's own spelling; the correctly spelt ReceiverIdentifierType leaves it missing (§1.8).
        String receiverType = identifierType(body, "RecieverIdentifierType");
        String resultUrl = resultUrl(body, "ResultURL");
        String timeoutUrl = resultUrl(body, "QueueTimeOutURL");
        String remarks = remarks(body, 2);
        String occasion = optional(body, "Occasion", 100);
        return new Reversal(
                initiator,
                credential,
                transactionId,
                amount,
                receiverParty,
                receiverType,
                resultUrl,
                timeoutUrl,
                remarks,
                occasion);
    }

    /** Daraja wants {@code application/json} and a JSON object; anything else is "Invalid request payload". */
    static ObjectNode jsonBody(String contentType, byte[] body) {
        boolean json;
        try {
            MediaType type =
                    contentType == null || contentType.isBlank() ? null : MediaType.parseMediaType(contentType);
            json = type != null
                    && "application".equalsIgnoreCase(type.getType())
                    && "json".equalsIgnoreCase(type.getSubtype());
        } catch (InvalidMediaTypeException e) {
            json = false;
        }
        ObjectNode object = json ? SimulatorJson.parseObject(body) : null;
        if (object == null) {
            throw DarajaErrors.invalidPayload();
        }
        return object;
    }

    /** An absolute http(s) URL with a host and none of Daraja's forbidden words (case-insensitive). */
    static boolean acceptableCallbackUrl(String value) {
        if (!absoluteHttpUrl(value)) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return FORBIDDEN_URL_WORDS.stream().noneMatch(lower::contains);
    }

    /**
     * Result and timeout URLs only need to be absolute http(s): the word list is documented for C2B registration,
     * and applying it here would refuse a gateway whose result path says "mpesa", which Safaricom is not known to do.
     */
    static boolean absoluteHttpUrl(String value) {
        if (value == null || value.isBlank() || !value.equals(value.trim())) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || uri.getHost().isBlank()
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return false;
            }
        } catch (URISyntaxException e) {
            return false;
        }
        return true;
    }

    static String resultUrl(ObjectNode body, String field) {
        String url = StkRequestValidator.text(body.get(field));
        if (!absoluteHttpUrl(url)) {
            throw DarajaErrors.invalidField(field);
        }
        return url;
    }

    private static String callbackUrl(ObjectNode body, String field) {
        String url = StkRequestValidator.text(body.get(field));
        if (!acceptableCallbackUrl(url)) {
            throw DarajaErrors.invalidField(field);
        }
        return url;
    }

    static String shortCode(ObjectNode body, String field) {
        String value = StkRequestValidator.text(body.get(field));
        if (value == null || !SHORTCODE.matcher(value).matches()) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    /** A Kenyan M-Pesa number in the 12-digit 254… form, as a string or number. */
    static String msisdn(ObjectNode body, String field) {
        String value = StkRequestValidator.text(body.get(field));
        if (value == null || !MSISDN.matcher(value).matches()) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    static String party(ObjectNode body, String field) {
        String value = StkRequestValidator.text(body.get(field));
        if (value == null || !PARTY.matcher(value).matches()) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    static String identifierType(ObjectNode body, String field) {
        String value = StkRequestValidator.text(body.get(field));
        if (value == null || !IDENTIFIER_TYPES.contains(value)) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    private static void command(ObjectNode body, String expected) {
        if (!expected.equals(StkRequestValidator.text(body.get("CommandID")))) {
            throw DarajaErrors.invalidField("CommandID");
        }
    }

    static String remarks(ObjectNode body, int minLength) {
        String value = StkRequestValidator.text(body.get("Remarks"));
        if (value == null || value.isBlank() || value.length() < minLength || value.length() > 100) {
            throw DarajaErrors.invalidField("Remarks");
        }
        return value;
    }

    static String required(ObjectNode body, String field) {
        String value = StkRequestValidator.text(body.get(field));
        if (value == null || value.isBlank()) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    /** Absent, null or "" is null; otherwise a string (or integral number) of at most maxLength characters. */
    static String optional(ObjectNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (blank(node)) {
            return null;
        }
        String value = StkRequestValidator.text(node);
        if (value == null || value.length() > maxLength) {
            throw DarajaErrors.invalidField(field);
        }
        return value;
    }

    static boolean blank(JsonNode node) {
        return node == null
                || node.isNull()
                || (node.isTextual() && node.textValue().isBlank());
    }

    /** Whole shillings in [1, 250000], as a JSON number or numeric string. */
    static long amount(ObjectNode body, String field) {
        long whole = wholeAmount(body, field);
        if (whole > MAX_AMOUNT) {
            throw DarajaErrors.invalidField(field);
        }
        return whole;
    }

    /** Whole shillings above zero, as a JSON number or numeric string; limits are the caller's (B2C answers them in its Result). */
    static long wholeAmount(ObjectNode body, String field) {
        JsonNode node = body.get(field);
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
        BigInteger whole;
        try {
            whole = value == null ? null : value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            whole = null;
        }
        if (whole == null || whole.signum() <= 0 || whole.bitLength() > 62) {
            throw DarajaErrors.invalidField(field);
        }
        return whole.longValueExact();
    }
}
