package ke.onpoint.pay.settlement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.api.InputText;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.PhoneNumbers;
import ke.onpoint.pay.security.EncryptedColumns;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a merchant's payouts go ({@code PUT/GET /merchants/me/payout-destination}). The details are encrypted at rest
 * as one JSON value bound to {@link #FIELD}; a payout keeps its own copy sealed the same way
 * ({@code payouts.destination}), so the settlement run can copy the stored value as it is. Only the masked display is
 * ever shown back.
 */
@Service
public class PayoutDestinations implements EncryptedColumns {

    /** The field both {@code payout_destinations.details} and {@code payouts.destination} are encrypted under. */
    public static final String FIELD = "payout_destinations.details";

    private static final Pattern SHORTCODE = Pattern.compile("\\d{5,7}");
    /** Daraja B2B's AccountReference: up to 13 characters (§1.15); letters, digits and dashes. */
    private static final Pattern PAYBILL_ACCOUNT = Pattern.compile("[A-Za-z0-9-]{1,13}");

    private static final Pattern BANK_CODE = Pattern.compile("[A-Za-z0-9]{2,10}");
    private static final Pattern BANK_ACCOUNT = Pattern.compile("\\d{6,20}");
    private static final int MAX_ACCOUNT_NAME = 100;
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "mpesa_phone", Set.of("type", "phone"),
            "paybill", Set.of("type", "paybill", "account_number"),
            "till", Set.of("type", "till"),
            "bank_account", Set.of("type", "bank_code", "account_number", "account_name"));

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final ApiJson json;
    private final AuditTrail audit;

    public PayoutDestinations(JdbcTemplate jdbc, FieldCipher cipher, ApiJson json, AuditTrail audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public Table encryptedColumns() {
        return new Table("payout_destinations", Map.of("details", FIELD), null);
    }

    /** The merchant's destination, if it has chosen one. */
    public Optional<PayoutDestination> of(long merchantId) {
        return jdbc
                .query(
                        "SELECT type, details FROM payout_destinations WHERE merchant_id = ?",
                        (rs, i) -> open(rs.getString(1), rs.getString(2)),
                        merchantId)
                .stream()
                .findFirst();
    }

    /** Replaces the merchant's destination (audited with the masked forms only); answers the masked view. */
    @Transactional
    public Map<String, Object> set(MerchantPrincipal owner, JsonNode body) {
        PayoutDestination destination = parse(body);
        Map<String, Object> before = jdbc
                .query(
                        "SELECT type, display FROM payout_destinations WHERE merchant_id = ? FOR UPDATE",
                        (rs, i) -> Map.<String, Object>of("type", rs.getString(1), "display", rs.getString(2)),
                        owner.merchantId())
                .stream()
                .findFirst()
                .orElse(null);
        jdbc.update("""
                INSERT INTO payout_destinations (merchant_id, type, details, display) VALUES (?, ?, ?, ?)
                ON CONFLICT (merchant_id) DO UPDATE SET type = EXCLUDED.type, details = EXCLUDED.details,
                    display = EXCLUDED.display, updated_at = now()""", owner.merchantId(), destination.type(), seal(destination), destination.display());
        Map<String, Object> view = view(owner.merchantId());
        audit.record(
                owner,
                AuditTrail.Entry.of("merchant.payout_destination_set", "merchant", owner.merchantPublicId())
                        .change(before, Map.of("type", destination.type(), "display", destination.display())));
        return view;
    }

    public Map<String, Object> view(long merchantId) {
        return jdbc
                .query(
                        "SELECT type, display, updated_at FROM payout_destinations WHERE merchant_id = ?",
                        (rs, i) -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("type", rs.getString(1));
                            view.put("display", rs.getString(2));
                            view.put("updated_at", rs.getTimestamp(3).toInstant());
                            return view;
                        },
                        merchantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No payout destination has been set"));
    }

    /** The destination a body describes, or a 422 naming every wrong field (nothing is written). */
    static PayoutDestination parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode typeNode = body.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        if (type == null || !FIELDS.containsKey(type)) {
            throw ApiProblem.invalidField(
                    "type",
                    (type == null ? "is required" : "is unknown") + ": mpesa_phone, paybill, till or bank_account");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.get(type).contains(name)) {
                errors.add(new FieldError(name, "is not a field of a " + type + " destination"));
            }
        });
        PayoutDestination destination = switch (type) {
            case "mpesa_phone" ->
                new PayoutDestination.MpesaPhone(
                        PhoneNumbers.normalise(text(body, "phone", 20, errors)).orElseGet(() -> {
                            errors.add(new FieldError("phone", "must be a Kenyan mobile number such as 254712345678"));
                            return null;
                        }));
            case "paybill" ->
                new PayoutDestination.Paybill(
                        matching(body, "paybill", SHORTCODE, "must be a paybill number of 5 to 7 digits", errors),
                        matching(
                                body,
                                "account_number",
                                PAYBILL_ACCOUNT,
                                "must be 1 to 13 letters, digits or dashes (M-Pesa's account reference)",
                                errors));
            case "till" ->
                new PayoutDestination.Till(
                        matching(body, "till", SHORTCODE, "must be a till number of 5 to 7 digits", errors));
            default ->
                new PayoutDestination.BankAccount(
                        matching(
                                body,
                                "bank_code",
                                BANK_CODE,
                                "must be the bank's code (2 to 10 letters or digits)",
                                errors),
                        matching(body, "account_number", BANK_ACCOUNT, "must be 6 to 20 digits", errors),
                        accountName(body, errors));
        };
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return destination;
    }

    private static String matching(JsonNode body, String field, Pattern pattern, String rule, List<FieldError> errors) {
        String value = text(body, field, 40, errors);
        if (value != null && !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, rule));
            return null;
        }
        return value;
    }

    private static String accountName(JsonNode body, List<FieldError> errors) {
        String name = text(body, "account_name", MAX_ACCOUNT_NAME, errors);
        if (name != null && (name.length() < 2 || name.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("account_name", "must be the account holder's name (2 to 100 characters)"));
            return null;
        }
        return name;
    }

    /** A trimmed, non-blank string of at most {@code max} characters, or null with the field's error recorded. */
    private static String text(JsonNode body, String field, int max, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String value = node.asText().trim();
        Optional<String> defect = InputText.defect(value);
        if (value.isEmpty() || value.length() > max || defect.isPresent()) {
            errors.add(new FieldError(field, defect.orElse("must be 1 to " + max + " characters")));
            return null;
        }
        return value;
    }

    /** The destination as stored: its JSON, encrypted under {@link #FIELD}. */
    public String seal(PayoutDestination destination) {
        ObjectNode node = json.mapper().createObjectNode().put("type", destination.type());
        if (destination instanceof PayoutDestination.MpesaPhone phone) {
            node.put("phone", phone.phone());
        } else if (destination instanceof PayoutDestination.Paybill paybill) {
            node.put("paybill", paybill.shortcode()).put("account_number", paybill.accountNumber());
        } else if (destination instanceof PayoutDestination.Till till) {
            node.put("till", till.till());
        } else if (destination instanceof PayoutDestination.BankAccount bank) {
            node.put("bank_code", bank.bankCode())
                    .put("account_number", bank.accountNumber())
                    .put("account_name", bank.accountName());
        }
        return cipher.encrypt(FIELD, json.write(node));
    }

    /** A stored destination (payout_destinations.details or payouts.destination) back as the record. */
    public PayoutDestination open(String stored) {
        return open(null, stored);
    }

    /** The same, with the row's {@code type} column for details written without it. */
    public PayoutDestination open(String type, String stored) {
        JsonNode node = json.readObject(cipher.decrypt(FIELD, stored));
        return switch (node.path("type").asText(type == null ? "" : type)) {
            case "mpesa_phone" ->
                new PayoutDestination.MpesaPhone(node.path("phone").asText());
            case "paybill" ->
                new PayoutDestination.Paybill(
                        node.path("paybill").asText(),
                        node.path("account_number").asText());
            case "till" -> new PayoutDestination.Till(node.path("till").asText());
            case "bank_account" ->
                new PayoutDestination.BankAccount(
                        node.path("bank_code").asText(),
                        node.path("account_number").asText(),
                        node.path("account_name").asText());
            default -> throw new IllegalStateException("Unknown payout destination type " + node.path("type"));
        };
    }
}
