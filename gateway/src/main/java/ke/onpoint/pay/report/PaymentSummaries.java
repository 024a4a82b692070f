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
import java.util.TreeSet;

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

    private final JdbcTemplate jdbc;

    public PaymentSummaries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
            Double successRate) {

        static Figures zero(String currency) {
            BigDecimal none = Money.toMajor(0);
            return new Figures(currency, 0, 0, 0, 0, 0, 0, none, none, none, none, null);
        }
    }

    public record MethodFigures(
            String paymentMethod, @JsonUnwrapped Figures figures) {}

    public record DayFigures(LocalDate date, @JsonUnwrapped Figures figures) {}

    /**
     * One statement: the range's payments grouped three ways at once (GROUPING SETS), over the merchant's
     * {@code (merchant_id, mode, created_at)} index.
     */
    public Summary summarise(MerchantPrincipal merchant, DateRange range) {
        List<Figures> totals = new ArrayList<>();
        List<MethodFigures> byMethod = new ArrayList<>();
        Map<String, Figures> byCurrencyAndDay = new HashMap<>();
        TreeSet<String> currencies = new TreeSet<>(List.of(HOME_CURRENCY));
        jdbc.query(
                """
                SELECT currency, payment_method, day, GROUPING(payment_method), GROUPING(day),
                       count(*),
                       count(*) FILTER (WHERE status IN %1$s),
                       count(*) FILTER (WHERE status = 'failed'),
                       count(*) FILTER (WHERE status = 'cancelled'),
                       count(*) FILTER (WHERE status = 'expired'),
                       count(*) FILTER (WHERE status IN ('pending', 'processing')),
                       COALESCE(sum(amount_minor) FILTER (WHERE status IN %1$s), 0),
                       COALESCE(sum(COALESCE(fee_minor, 0)) FILTER (WHERE status IN %1$s), 0),
                       COALESCE(sum(refunded_minor), 0)
                FROM (SELECT currency, payment_method, status, amount_minor, fee_minor, refunded_minor,
                             (created_at AT TIME ZONE ?)::date AS day
                      FROM payments WHERE merchant_id = ? AND mode = ? AND created_at >= ? AND created_at < ?) p
                GROUP BY GROUPING SETS ((currency), (currency, payment_method), (currency, day))
                ORDER BY currency, payment_method, day""".formatted(PAID),
                rs -> {
                    Figures figures = figures(rs);
                    currencies.add(figures.currency());
                    if (rs.getInt(4) == 1 && rs.getInt(5) == 1) {
                        totals.add(figures);
                    } else if (rs.getInt(5) == 1) {
                        byMethod.add(new MethodFigures(rs.getString(2), figures));
                    } else {
                        byCurrencyAndDay.put(figures.currency() + rs.getObject(3, LocalDate.class), figures);
                    }
                },
                EastAfricaTime.ZONE.getId(),
                merchant.merchantId(),
                merchant.mode(),
                Timestamp.from(range.start()),
                Timestamp.from(range.end()));
        for (String currency : currencies) {
            if (totals.stream().noneMatch(f -> f.currency().equals(currency))) {
                totals.add(Figures.zero(currency));
            }
        }
        totals.sort(java.util.Comparator.comparing(Figures::currency));
        List<DayFigures> byDay = new ArrayList<>();
        for (LocalDate day : range.days()) {
            for (String currency : currencies) {
                byDay.add(new DayFigures(day, byCurrencyAndDay.getOrDefault(currency + day, Figures.zero(currency))));
            }
        }
        return new Summary(
                merchant.mode(), range.from(), range.to(), EastAfricaTime.ZONE.getId(), totals, byMethod, byDay);
    }

    private static Figures figures(ResultSet rs) throws SQLException {
        long completed = rs.getLong(7);
        long decided = completed + rs.getLong(8) + rs.getLong(9) + rs.getLong(10);
        long volume = rs.getLong(12);
        long fees = rs.getLong(13);
        return new Figures(
                rs.getString(1),
                rs.getLong(6),
                completed,
                rs.getLong(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getLong(11),
                Money.toMajor(volume),
                Money.toMajor(fees),
                Money.toMajor(volume - fees),
                Money.toMajor(rs.getLong(14)),
                decided == 0 ? null : Math.round(completed * 10_000.0 / decided) / 10_000.0);
    }
}
