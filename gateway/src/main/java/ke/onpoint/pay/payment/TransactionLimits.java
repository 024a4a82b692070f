package ke.onpoint.pay.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.ops.ShortLivedCache;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A merchant's transaction limits: the largest single payment and, per day (EAT), how many payments and how much
 * in total, for all methods ({@code *}) and optionally per method. Figures come from {@code merchant_limits}, else
 * from configuration ({@code onpoint.limits.*}, for all methods), kept per instance for 5 s. The day's usage is
 * reserved by a conditional update just before the payment is written, so instances sharing the database cannot
 * both take the last unit; a payment that is then not written gives its reservation back.
 */
@Component
public class TransactionLimits {

    static final String ALL_METHODS = "*";

    /** How long an instance keeps a merchant's figures: an admin's change reaches every instance within this. */
    static final long FIGURES_TTL_MS = 5_000;

    private final JdbcTemplate jdbc;
    private final Limit defaults;
    /** The figures per merchant: read on every payment, changed by an admin now and then. */
    private final ShortLivedCache<Long, Map<String, Limit>> figures = new ShortLivedCache<>(FIGURES_TTL_MS);

    public TransactionLimits(
            JdbcTemplate jdbc,
            @Value("${onpoint.limits.max-amount}") BigDecimal maxAmount,
            @Value("${onpoint.limits.daily-count}") int dailyCount,
            @Value("${onpoint.limits.daily-amount}") BigDecimal dailyAmount) {
        this.jdbc = jdbc;
        this.defaults = new Limit(
                Money.toMinor(maxAmount).orElseThrow(),
                dailyCount,
                Money.toMinor(dailyAmount).orElseThrow());
    }

    /** One method's figures; null means no limit of that kind. */
    public record Limit(Long maxAmountMinor, Integer dailyCount, Long dailyAmountMinor) {}

    /**
     * Reserves the payment against today's limits, each counter in a short transaction of its own (autocommit on an
     * unlogged table), or throws (422 for a single payment too large, 429 for a day). A reservation whose payment is
     * then not written is given back with {@link #release}.
     */
    public Reservation reserve(MerchantPrincipal merchant, PaymentMethod method, long amountMinor) {
        Map<String, Limit> limits = cachedLimitsOf(merchant.merchantId());
        List<String> taken = new java.util.ArrayList<>();
        try {
            for (String scope : List.of(ALL_METHODS, method.code())) {
                Limit limit = limits.get(scope);
                if (limit == null) {
                    continue;
                }
                if (limit.maxAmountMinor() != null && amountMinor > limit.maxAmountMinor()) {
                    throw ApiProblem.invalidField(
                                    "amount",
                                    "exceeds this merchant's limit of " + Money.toMajor(limit.maxAmountMinor())
                                            + " per payment" + forMethod(scope))
                            .with("limit", "max_amount");
                }
                takeFromDay(merchant, scope, amountMinor, limit);
                taken.add(scope);
            }
        } catch (RuntimeException refused) {
            new Reservation(merchant, taken, amountMinor, LocalDate.now(EastAfricaTime.ZONE)).release();
            throw refused;
        }
        return new Reservation(merchant, taken, amountMinor, LocalDate.now(EastAfricaTime.ZONE));
    }

    /** What a payment took from the day's counters; {@link #release()} gives it back if the payment was not written. */
    public final class Reservation {
        private final MerchantPrincipal merchant;
        private final List<String> scopes;
        private final long amountMinor;
        private final LocalDate day;

        private Reservation(MerchantPrincipal merchant, List<String> scopes, long amountMinor, LocalDate day) {
            this.merchant = merchant;
            this.scopes = scopes;
            this.amountMinor = amountMinor;
            this.day = day;
        }

        public void release() {
            for (String scope : scopes) {
                jdbc.update(
                        "UPDATE merchant_daily_usage SET payments = payments - 1, amount_minor = amount_minor - ? "
                                + "WHERE merchant_id = ? AND mode = ? AND payment_method = ? AND day = ?",
                        amountMinor,
                        merchant.merchantId(),
                        merchant.mode(),
                        scope,
                        day);
            }
        }
    }

    /** The merchant's figures, as read within the last {@link #FIGURES_TTL_MS}. */
    Map<String, Limit> cachedLimitsOf(long merchantId) {
        return figures.get(merchantId, this::limitsOf);
    }

    /** Forgets this instance's copy after a change (other instances pick it up within the TTL). */
    public void forget(long merchantId) {
        figures.forget(merchantId);
    }

    /** The merchant's figures: the configured defaults for all methods, overridden by its own rows. */
    public Map<String, Limit> limitsOf(long merchantId) {
        Map<String, Limit> limits = new LinkedHashMap<>();
        limits.put(ALL_METHODS, defaults);
        jdbc.query(
                "SELECT payment_method, max_amount_minor, daily_count, daily_amount_minor FROM merchant_limits "
                        + "WHERE merchant_id = ?",
                rs -> {
                    String scope = rs.getString(1);
                    Limit base = ALL_METHODS.equals(scope) ? defaults : new Limit(null, null, null);
                    Long max = rs.getObject(2, Long.class);
                    Integer count = rs.getObject(3, Integer.class);
                    Long amount = rs.getObject(4, Long.class);
                    limits.put(
                            scope,
                            new Limit(
                                    max != null ? max : base.maxAmountMinor(),
                                    count != null ? count : base.dailyCount(),
                                    amount != null ? amount : base.dailyAmountMinor()));
                },
                merchantId);
        return limits;
    }

    private void takeFromDay(MerchantPrincipal merchant, String scope, long amountMinor, Limit limit) {
        long maxCount = limit.dailyCount() == null ? Integer.MAX_VALUE : limit.dailyCount();
        long maxAmount = limit.dailyAmountMinor() == null ? Long.MAX_VALUE : limit.dailyAmountMinor();
        if (amountMinor > maxAmount) {
            throw overDay(scope, "daily_amount", "amount of " + Money.toMajor(maxAmount));
        }
        LocalDate today = LocalDate.now(EastAfricaTime.ZONE);
        java.sql.Timestamp dayStart =
                java.sql.Timestamp.from(today.atStartOfDay(EastAfricaTime.ZONE).toInstant());
        // the common case: the day's counter exists and has room (one indexed row update, no look at the payments)
        int updated = jdbc.update(
                """
                UPDATE merchant_daily_usage SET payments = payments + 1, amount_minor = amount_minor + ?
                WHERE merchant_id = ? AND mode = ? AND payment_method = ? AND day = ?
                  AND payments + 1 <= ? AND amount_minor + ? <= ?""",
                amountMinor,
                merchant.merchantId(),
                merchant.mode(),
                scope,
                today,
                maxCount,
                amountMinor,
                maxAmount);
        if (updated == 1) {
            return;
        }
        // No row yet (or full). One statement, so concurrent first payments of the day cannot race between "no row
        // yet" and "row full": the day's first payment creates the counter from what the day already holds (also
        // after counters were lost in a crash), every other one takes from it only while within the limits; the row
        // lock serialises them. It sums the day's payments, so it stays off the common path above.
        List<Integer> taken = jdbc.queryForList(
                """
                INSERT INTO merchant_daily_usage AS u (merchant_id, mode, payment_method, day, payments, amount_minor)
                SELECT ?, ?, ?, ?, count(*) + 1, coalesce(sum(amount_minor), 0) + ? FROM payments
                WHERE merchant_id = ? AND mode = ? AND (? = '*' OR payment_method = ?) AND created_at >= ?
                HAVING count(*) + 1 <= ? AND coalesce(sum(amount_minor), 0) + ? <= ?
                ON CONFLICT (merchant_id, mode, payment_method, day) DO UPDATE
                SET payments = u.payments + 1, amount_minor = u.amount_minor + ?
                WHERE u.payments + 1 <= ? AND u.amount_minor + ? <= ?
                RETURNING 1""",
                Integer.class,
                merchant.merchantId(),
                merchant.mode(),
                scope,
                today,
                amountMinor,
                merchant.merchantId(),
                merchant.mode(),
                scope,
                scope,
                dayStart,
                maxCount,
                amountMinor,
                maxAmount,
                amountMinor,
                maxCount,
                amountMinor,
                maxAmount);
        if (!taken.isEmpty()) {
            return;
        }
        // refused: say which limit, from the counter (or, when it was never created, from the day's payments)
        List<Long> used = jdbc.queryForList(
                "SELECT payments FROM merchant_daily_usage "
                        + "WHERE merchant_id = ? AND mode = ? AND payment_method = ? AND day = ?",
                Long.class,
                merchant.merchantId(),
                merchant.mode(),
                scope,
                today);
        long payments = !used.isEmpty()
                ? used.get(0)
                : jdbc.queryForObject(
                        "SELECT count(*) FROM payments "
                                + "WHERE merchant_id = ? AND mode = ? AND (? = '*' OR payment_method = ?) AND created_at >= ?",
                        Long.class,
                        merchant.merchantId(),
                        merchant.mode(),
                        scope,
                        scope,
                        dayStart);
        throw payments + 1 > maxCount
                ? overDay(scope, "daily_count", "count of " + maxCount + " payments")
                : overDay(scope, "daily_amount", "amount of " + Money.toMajor(maxAmount));
    }

    private static ApiProblem overDay(String scope, String limit, String what) {
        ZonedDateTime now = ZonedDateTime.now(EastAfricaTime.ZONE);
        long untilMidnight = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(EastAfricaTime.ZONE))
                .toSeconds();
        return new ApiProblem(
                        429,
                        "transaction-limit",
                        "Transaction limit reached",
                        "This payment would exceed the merchant's daily " + what + forMethod(scope)
                                + "; the limit resets at midnight East Africa Time",
                        null)
                .with("limit", limit)
                .with("payment_method", ALL_METHODS.equals(scope) ? null : scope)
                .header("Retry-After", Long.toString(Math.max(1, untilMidnight)));
    }

    private static String forMethod(String scope) {
        return ALL_METHODS.equals(scope) ? "" : " for " + scope + " payments";
    }
}
