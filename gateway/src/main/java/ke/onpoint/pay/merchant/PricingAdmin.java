package ke.onpoint.pay.merchant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.ledger.FeeClass;
import ke.onpoint.pay.ledger.FeeRule;
import ke.onpoint.pay.ledger.PricingPlans;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pricing plans through the API: anyone of the merchant reads its own; admins read and change any merchant's. A plan
 * is {@code {"mpesa":{"percent":1.5,"fixed":0,"minimum":null,"cap":null,"default":true}, "card_local":…, …}}, money
 * in KES as everywhere in the API.
 */
@Service
public class PricingAdmin {

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private final PricingPlans plans;
    private final JdbcTemplate jdbc;
    private final AuditTrail audit;

    public PricingAdmin(PricingPlans plans, JdbcTemplate jdbc, AuditTrail audit) {
        this.plans = plans;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public Map<String, Object> view(long merchantId) {
        Map<String, Object> view = new LinkedHashMap<>();
        plans.plan(merchantId).forEach((feeClass, priced) -> {
            FeeRule rule = priced.rule();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("percent", BigDecimal.valueOf(rule.percentBp(), 2));
            row.put("fixed", Money.toMajor(rule.fixedMinor()));
            row.put("minimum", rule.minMinor() == null ? null : Money.toMajor(rule.minMinor()));
            row.put("cap", rule.capMinor() == null ? null : Money.toMajor(rule.capMinor()));
            row.put("default", priced.isDefault());
            view.put(feeClass.code(), row);
        });
        return view;
    }

    public long merchantId(String publicId) {
        return MerchantIds.byPublicId(jdbc, publicId);
    }

    /** Classes present replace the merchant's price; {@code null} returns a class to the configured default. */
    @Transactional
    public Map<String, Object> set(MerchantPrincipal admin, String merchantPublicId, JsonNode body) {
        long merchantId = merchantId(merchantPublicId);
        List<FieldError> errors = new ArrayList<>();
        Map<FeeClass, FeeRule> changes = new LinkedHashMap<>();
        List<FeeClass> resets = new ArrayList<>();
        if (body.isEmpty()) {
            errors.add(new FieldError("mpesa", "give at least one of mpesa, card_local, card_international"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            var feeClass = FeeClass.fromCode(field.getKey());
            if (feeClass.isEmpty()) {
                errors.add(
                        new FieldError(field.getKey(), "is not a fee class: mpesa, card_local or card_international"));
            } else if (field.getValue().isNull()) {
                resets.add(feeClass.get());
            } else if (!field.getValue().isObject()) {
                errors.add(new FieldError(field.getKey(), "must be an object with percent, fixed, minimum and cap"));
            } else {
                rule(field.getKey(), field.getValue(), errors).ifPresent(r -> changes.put(feeClass.get(), r));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        Map<String, Object> before = view(merchantId);
        changes.forEach((feeClass, rule) -> plans.set(merchantId, feeClass, rule));
        resets.forEach(feeClass -> plans.reset(merchantId, feeClass));
        Map<String, Object> after = view(merchantId);
        audit.record(
                admin,
                merchantId,
                AuditTrail.Entry.of("merchant.pricing_updated", "merchant", merchantPublicId)
                        .change(before, after));
        return after;
    }

    private static java.util.Optional<FeeRule> rule(String prefix, JsonNode node, List<FieldError> errors) {
        int before = errors.size();
        BigDecimal percent = decimal(node, "percent", prefix, true, errors);
        if (percent != null
                && (percent.compareTo(HUNDRED) > 0
                        || percent.stripTrailingZeros().scale() > 2)) {
            errors.add(new FieldError(prefix + ".percent", "must be between 0 and 100 with at most 2 decimals"));
        }
        Long fixed = minor(node, "fixed", prefix, errors);
        Long minimum = minor(node, "minimum", prefix, errors);
        Long cap = minor(node, "cap", prefix, errors);
        if (minimum != null && cap != null && minimum > cap) {
            errors.add(new FieldError(prefix + ".minimum", "must not be above the cap"));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("percent", "fixed", "minimum", "cap").contains(name)) {
                errors.add(new FieldError(prefix + "." + name, "is not a pricing field: percent, fixed, minimum, cap"));
            }
        }
        if (errors.size() > before) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                new FeeRule(percent.movePointRight(2).intValueExact(), fixed == null ? 0 : fixed, minimum, cap));
    }

    private static BigDecimal decimal(
            JsonNode node, String name, String prefix, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(prefix + "." + name, "is required"));
            }
            return null;
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            errors.add(new FieldError(prefix + "." + name, "must be a number, 0 or more"));
            return null;
        }
        return value.decimalValue();
    }

    private static Long minor(JsonNode node, String name, String prefix, List<FieldError> errors) {
        BigDecimal value = decimal(node, name, prefix, false, errors);
        if (value == null) {
            return null;
        }
        if (value.compareTo(Money.MAX_AMOUNT) > 0) {
            errors.add(new FieldError(prefix + "." + name, "is too large"));
            return null;
        }
        return Money.toMinor(value).orElseGet(() -> {
            errors.add(new FieldError(prefix + "." + name, "must have at most 2 decimal places"));
            return null;
        });
    }
}
