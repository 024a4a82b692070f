package ke.onpoint.pay.merchant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.TransactionLimits;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.SecurityProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A merchant's limits as they apply (own figures over configured defaults): API key request rates and transaction
 * limits per payment method. Merchants read them; admins set them.
 */
@Service
public class MerchantLimits {

    private static final List<String> METHODS = List.of("*", "mpesa", "card");

    private final JdbcTemplate jdbc;
    private final TransactionLimits limits;
    private final SecurityProperties.RateLimit rateDefaults;
    private final AuditTrail audit;

    public MerchantLimits(JdbcTemplate jdbc, TransactionLimits limits, SecurityProperties security, AuditTrail audit) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.rateDefaults = security.rateLimit();
        this.audit = audit;
    }

    public Map<String, Object> view(long merchantId) {
        Map<String, Object> view = new LinkedHashMap<>();
        jdbc.query(
                "SELECT rate_per_second, rate_per_minute FROM merchants WHERE id = ?",
                rs -> {
                    view.put("requests_per_second", rs.getObject(1) == null ? rateDefaults.perSecond() : rs.getInt(1));
                    view.put("requests_per_minute", rs.getObject(2) == null ? rateDefaults.perMinute() : rs.getInt(2));
                },
                merchantId);
        List<Map<String, Object>> transactions = new ArrayList<>();
        limits.limitsOf(merchantId).forEach((method, limit) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("payment_method", method);
            row.put("max_amount", limit.maxAmountMinor() == null ? null : Money.toMajor(limit.maxAmountMinor()));
            row.put("daily_count", limit.dailyCount());
            row.put("daily_amount", limit.dailyAmountMinor() == null ? null : Money.toMajor(limit.dailyAmountMinor()));
            transactions.add(row);
        });
        view.put("transaction_limits", transactions);
        return view;
    }

    /** The merchant by public id (admins act on any merchant); 404 when there is none. */
    public long merchantId(String publicId) {
        return MerchantIds.byPublicId(jdbc, publicId);
    }

    /**
     * {@code {"requests_per_second","requests_per_minute","transaction_limits":[{"payment_method","max_amount",
     * "daily_count","daily_amount"}]}}: fields present replace the merchant's figures; null returns one to the default.
     */
    @Transactional
    public Map<String, Object> set(MerchantPrincipal admin, String merchantPublicId, JsonNode body) {
        long merchantId = merchantId(merchantPublicId);
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> before = view(merchantId);
        for (String field : List.of("requests_per_second", "requests_per_minute")) {
            if (body.has(field)) {
                Integer value = positiveInt(body.get(field), field, errors);
                if (errors.isEmpty()) {
                    jdbc.update(
                            "UPDATE merchants SET " + (field.endsWith("second") ? "rate_per_second" : "rate_per_minute")
                                    + " = ? WHERE id = ?",
                            value,
                            merchantId);
                }
            }
        }
        JsonNode rows = body.path("transaction_limits");
        if (!rows.isMissingNode() && !rows.isArray()) {
            errors.add(new FieldError("transaction_limits", "must be a list"));
        }
        for (int i = 0; rows.isArray() && i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String prefix = "transaction_limits[" + i + "].";
            String method = row.path("payment_method").asText("");
            if (!METHODS.contains(method)) {
                errors.add(new FieldError(prefix + "payment_method", "must be *, mpesa or card"));
                continue;
            }
            Long max = amount(row.get("max_amount"), prefix + "max_amount", errors);
            Integer count = positiveInt(row.get("daily_count"), prefix + "daily_count", errors);
            Long daily = amount(row.get("daily_amount"), prefix + "daily_amount", errors);
            if (errors.isEmpty()) {
                jdbc.update("""
                        INSERT INTO merchant_limits (merchant_id, payment_method, max_amount_minor, daily_count, daily_amount_minor)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (merchant_id, payment_method) DO UPDATE SET max_amount_minor = EXCLUDED.max_amount_minor,
                            daily_count = EXCLUDED.daily_count, daily_amount_minor = EXCLUDED.daily_amount_minor,
                            updated_at = now()""", merchantId, method, max, count, daily);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors); // the transaction rolls back whatever was written
        }
        limits.forget(merchantId);
        Map<String, Object> after = view(merchantId);
        audit.record(
                admin,
                merchantId,
                AuditTrail.Entry.of("merchant.limits_updated", "merchant", merchantPublicId)
                        .change(before, after));
        return after;
    }

    private static Integer positiveInt(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
            errors.add(new FieldError(field, "must be a whole number of at least 1, or null for the default"));
            return null;
        }
        return node.asInt();
    }

    private static Long amount(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            errors.add(new FieldError(field, "must be an amount such as 5000.00, or null for the default"));
            return null;
        }
        BigDecimal major = node.decimalValue();
        if (major.compareTo(Money.MAX_AMOUNT) > 0) {
            errors.add(new FieldError(field, "must be at most " + Money.MAX_AMOUNT.toPlainString()));
            return null;
        }
        return Money.toMinor(major).filter(minor -> minor > 0).orElseGet(() -> {
            errors.add(new FieldError(field, "must be a positive amount with at most 2 decimals"));
            return null;
        });
    }
}
