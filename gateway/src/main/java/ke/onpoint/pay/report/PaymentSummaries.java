package ke.onpoint.pay.report;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The merchant's payments summed over East Africa days, per currency: in total, by method and by day (every day of
 * the range, zeros where nothing happened). A payment counts on the day it was created.
 *
 * <p>Completed means paid: {@code completed}, {@code partially_refunded} and {@code refunded}. {@code volume} is
 * what completed payments took, {@code fees} their fees, {@code net} volume less fees (each payment's own
 * {@code net}), {@code refunds} what has been refunded of the range's payments. {@code success_rate} is completed
 * / (completed + failed + cancelled + expired), to four places: payments still pending are not decided yet; null
 * when none is decided.
 */
@Component
public class PaymentSummaries {

    /** Always present, also for a merchant without payments: the gateway's home currency. */
    static final String HOME_CURRENCY = "KES";

    private static final String PAID = "('completed', 'partially_refunded', 'refunded')";

    /**
     * What is summed of a group of payments, in the order of {@link Sums#of}: count, completed, failed, cancelled,
     * expired, pending, volume, fees, refunds.
     */
    static final String FIGURES = """
            count(*),
            count(*) FILTER (WHERE status IN %1$s),
            count(*) FILTER (WHERE status = 'failed'),
            count(*) FILTER (WHERE status = 'cancelled'),
            count(*) FILTER (WHERE status = 'expired'),
            count(*) FILTER (WHERE status IN ('pending', 'processing')),
            COALESCE(sum(amount_minor) FILTER (WHERE status IN %1$s), 0),
            COALESCE(sum(COALESCE(fee_minor, 0)) FILTER (WHERE status IN %1$s), 0),
            COALESCE(sum(refunded_minor), 0)""".formatted(PAID);

    private final JdbcTemplate jdbc;
    private final PaymentDayTotals dayTotals;

    public PaymentSummaries(JdbcTemplate jdbc, PaymentDayTotals dayTotals) {
        this.jdbc = jdbc;
        this.dayTotals = dayTotals;
    }

    public record Summary(
            String mode,
            LocalDate dateFrom,
            LocalDate dateTo,
            String timeZone,
            List<Figures> totals,
            List<MethodFigures> byMethod,
            List<DayFigures> byDay) {}

    public record Figures(
            String currency,
            long count,
            long completedCount,
            long failedCount,
            long cancelledCount,
            long expiredCount,
            long pendingCount,
            BigDecimal volume,
            BigDecimal fees,
            BigDecimal net,
            BigDecimal refunds,
            Double successRate) {}

    public record MethodFigures(
            String paymentMethod, @JsonUnwrapped Figures figures) {}

    public record DayFigures(LocalDate date, @JsonUnwrapped Figures figures) {}

    /**
     * The range's payments summed by currency, method and day (a few dozen groups); the totals, the methods and the
     * days are added up from those groups here. Days before today come from the daily rollup ({@link
     * PaymentDayTotals}), today from the payments themselves, over the merchant's {@code (merchant_id, mode,
     * created_at, id)} index. So a month of a busy merchant's summary reads today's payments, not thirty days'. (Before: GROUPING SETS over every payment of the range, sorted: for a merchant with a
     * million payments in 90 days, a month took seconds and spilled to disk.)
     */
    public Summary summarise(MerchantPrincipal merchant, DateRange range) {
        Map<String, Sums> totals = new TreeMap<>();
        Map<String, Sums> byMethod = new TreeMap<>();
        Map<String, Sums> byCurrencyAndDay = new HashMap<>();
        totals.put(HOME_CURRENCY, new Sums());
        Group add = (currency, method, day, group) -> {
            totals.computeIfAbsent(currency, c -> new Sums()).add(group);
            byMethod.computeIfAbsent(currency + " " + method, k -> new Sums()).add(group);
            byCurrencyAndDay.computeIfAbsent(currency + day, k -> new Sums()).add(group);
        };
        LocalDate lastRolledUp = LocalDate.now(EastAfricaTime.ZONE).minusDays(PaymentDayTotals.LIVE_DAYS);
        if (!range.from().isAfter(lastRolledUp)) {
            dayTotals.read(merchant, range.from(), range.to().isAfter(lastRolledUp) ? lastRolledUp : range.to(), add);
        }
        if (range.to().isAfter(lastRolledUp)) {
            LocalDate from = range.from().isAfter(lastRolledUp) ? range.from() : lastRolledUp.plusDays(1);
            live(merchant, new DateRange(from, range.to()), add);
        }
        List<DayFigures> byDay = new ArrayList<>();
        for (LocalDate day : range.days()) {
            for (String currency : totals.keySet()) {
                byDay.add(new DayFigures(
                        day,
                        byCurrencyAndDay
                                .getOrDefault(currency + day, new Sums())
                                .figures(currency)));
            }
        }
        List<MethodFigures> methods = new ArrayList<>();
        byMethod.forEach((key, sums) -> {
            String[] currencyAndMethod = key.split(" ", 2);
            methods.add(new MethodFigures(currencyAndMethod[1], sums.figures(currencyAndMethod[0])));
        });
        return new Summary(
                merchant.mode(),
                range.from(),
                range.to(),
                EastAfricaTime.ZONE.getId(),
                totals.entrySet().stream()
                        .map(e -> e.getValue().figures(e.getKey()))
                        .toList(),
                methods,
                byDay);
    }

    /** The payments of the days given, grouped by currency, method and day, straight from the payments. */
    private void live(MerchantPrincipal merchant, DateRange days, Group add) {
        jdbc.query(
                "SELECT currency, payment_method, (created_at AT TIME ZONE ?)::date, " + FIGURES
                        + " FROM payments WHERE merchant_id = ? AND mode = ? AND created_at >= ? AND created_at < ?"
                        + " GROUP BY 1, 2, 3",
                rs -> {
                    add.add(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), Sums.of(rs, 4));
                },
                EastAfricaTime.ZONE.getId(),
                merchant.merchantId(),
                merchant.mode(),
                Timestamp.from(days.start()),
                Timestamp.from(days.end()));
    }

    /** Receives the groups, from the rollup or the payments. */
    @FunctionalInterface
    interface Group {
        void add(String currency, String paymentMethod, LocalDate day, Sums sums);
    }

    /** The counts and minor-unit sums of some payments, added up group by group. */
    static final class Sums {
        private long count;
        private long completed;
        private long failed;
        private long cancelled;
        private long expired;
        private long pending;
        private long volume;
        private long fees;
        private long refunds;

        /** The nine figures of {@link #FIGURES} (or the rollup's columns), from column {@code first} on. */
        static Sums of(ResultSet rs, int first) throws SQLException {
            Sums sums = new Sums();
            sums.count = rs.getLong(first);
            sums.completed = rs.getLong(first + 1);
            sums.failed = rs.getLong(first + 2);
            sums.cancelled = rs.getLong(first + 3);
            sums.expired = rs.getLong(first + 4);
            sums.pending = rs.getLong(first + 5);
            sums.volume = rs.getLong(first + 6);
            sums.fees = rs.getLong(first + 7);
            sums.refunds = rs.getLong(first + 8);
            return sums;
        }

        void add(Sums other) {
            count += other.count;
            completed += other.completed;
            failed += other.failed;
            cancelled += other.cancelled;
            expired += other.expired;
            pending += other.pending;
            volume += other.volume;
            fees += other.fees;
            refunds += other.refunds;
        }

        Figures figures(String currency) {
            long decided = completed + failed + cancelled + expired;
            return new Figures(
                    currency,
                    count,
                    completed,
                    failed,
                    cancelled,
                    expired,
                    pending,
                    Money.toMajor(volume),
                    Money.toMajor(fees),
                    Money.toMajor(volume - fees),
                    Money.toMajor(refunds),
                    decided == 0 ? null : Math.round(completed * 10_000.0 / decided) / 10_000.0);
        }
    }
}
