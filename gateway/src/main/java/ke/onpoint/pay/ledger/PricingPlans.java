package ke.onpoint.pay.ledger;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each merchant's prices by fee class: its own row where an admin set one, the configured default otherwise. Every
 * completed payment is priced, so a merchant's price is kept in memory for {@code onpoint.fees.cache-ttl} (30 s): a
 * change made through this instance applies at once, through another within that time.
 */
@Service
public class PricingPlans {

    private record Cached(FeeRule rule, long expiresAtNanos) {}

    private final JdbcTemplate jdbc;
    private final FeeProperties defaults;
    private final Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final long ttlNanos;

    public PricingPlans(
            JdbcTemplate jdbc,
            FeeProperties defaults,
            @org.springframework.beans.factory.annotation.Value("${onpoint.fees.cache-ttl:30s}")
                    java.time.Duration ttl) {
        this.jdbc = jdbc;
        this.defaults = defaults;
        this.ttlNanos = ttl.toNanos();
    }

    /** The price a payment completing now pays. */
    public FeeRule ruleFor(long merchantId, FeeClass feeClass) {
        String key = merchantId + ":" + feeClass.code();
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached == null || now - cached.expiresAtNanos() > 0) {
            cached = new Cached(storedRule(merchantId, feeClass), now + ttlNanos);
            cache.put(key, cached);
        }
        return cached.rule();
    }

    private FeeRule storedRule(long merchantId, FeeClass feeClass) {
        return ownRule(merchantId, feeClass).orElseGet(() -> defaults.ruleFor(feeClass));
    }

    /** The merchant's own price for the class, when an admin set one. */
    private java.util.Optional<FeeRule> ownRule(long merchantId, FeeClass feeClass) {
        return jdbc
                .query(
                        "SELECT percent_bp, fixed_minor, min_minor, cap_minor FROM pricing_plans "
                                + "WHERE merchant_id = ? AND fee_class = ?",
                        (rs, i) -> new FeeRule(
                                rs.getInt(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getObject(4, Long.class)),
                        merchantId,
                        feeClass.code())
                .stream()
                .findFirst();
    }

    /** The whole plan, with which classes are the merchant's own and which the default. */
    public Map<FeeClass, PricedClass> plan(long merchantId) {
        Map<FeeClass, PricedClass> plan = new EnumMap<>(FeeClass.class);
        for (FeeClass feeClass : FeeClass.values()) {
            plan.put(
                    feeClass,
                    ownRule(merchantId, feeClass)
                            .map(own -> new PricedClass(own, false))
                            .orElseGet(() -> new PricedClass(defaults.ruleFor(feeClass), true)));
        }
        return plan;
    }

    public record PricedClass(FeeRule rule, boolean isDefault) {}

    @Transactional
    public void set(long merchantId, FeeClass feeClass, FeeRule rule) {
        jdbc.update(
                """
                INSERT INTO pricing_plans (merchant_id, fee_class, percent_bp, fixed_minor, min_minor, cap_minor)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, fee_class) DO UPDATE SET percent_bp = excluded.percent_bp,
                    fixed_minor = excluded.fixed_minor, min_minor = excluded.min_minor, cap_minor = excluded.cap_minor,
                    updated_at = now()""",
                merchantId,
                feeClass.code(),
                rule.percentBp(),
                rule.fixedMinor(),
                rule.minMinor(),
                rule.capMinor());
        cache.remove(merchantId + ":" + feeClass.code());
    }

    /** Back to the configured default. */
    @Transactional
    public void reset(long merchantId, FeeClass feeClass) {
        jdbc.update("DELETE FROM pricing_plans WHERE merchant_id = ? AND fee_class = ?", merchantId, feeClass.code());
        cache.remove(merchantId + ":" + feeClass.code());
    }
}
