package ke.onpoint.pay.report;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily rollup of a merchant's payments ({@code payment_day_totals}, V20): per East Africa day, currency and
 * method, what {@link PaymentSummaries#FIGURES} sums, for the days before today. A day is summed from the
 * payments the first time a summary asks for it, then read back (a row per currency and method, and a marker row
 * with empty currency and method saying the day is complete, also when it had no payment).
 *
 * <p>It stays right because a payment of an earlier day that changes what is summed (a callback just after midnight,
 * a refund, a late correction) makes the database forget its day's rows (the trigger of V20), under the same lock the
 * summing takes per day: a change committed while a day is summed is either seen by it or removes its rows after it.
 * The next summary sums the day again. Today's payments are always read live.
 */
@Component
class PaymentDayTotals {

    /** Today is summed from the payments on every request; earlier days come from the rollup. */
    static final int LIVE_DAYS = 1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    PaymentDayTotals(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The groups of the days {@code from}..{@code to} (all before today), summing the days not rolled up yet. */
    void read(MerchantPrincipal merchant, LocalDate from, LocalDate to, PaymentSummaries.Group add) {
        List<Row> rows = rows(merchant, from, to);
        Set<LocalDate> complete = new HashSet<>();
        rows.stream().filter(Row::marker).forEach(r -> complete.add(r.day()));
        List<LocalDate> missing = from.datesUntil(to.plusDays(1))
                .filter(day -> !complete.contains(day))
                .toList();
        if (!missing.isEmpty()) {
            transactions.executeWithoutResult(tx -> missing.forEach(day -> sum(merchant, day)));
            rows = rows(merchant, from, to);
        }
        rows.stream().filter(r -> !r.marker()).forEach(r -> add.add(r.currency(), r.method(), r.day(), r.sums()));
    }

    private record Row(LocalDate day, String currency, String method, PaymentSummaries.Sums sums) {
        boolean marker() {
            return currency.isEmpty();
        }
    }

    /** One statement, so the marker and the day's rows are read from one snapshot: a day is whole or absent. */
    private List<Row> rows(MerchantPrincipal merchant, LocalDate from, LocalDate to) {
        List<Row> rows = new ArrayList<>();
        jdbc.query(
                """
                SELECT day, currency, payment_method, payments, completed, failed, cancelled, expired, pending,
                       volume_minor, fees_minor, refunded_minor
                FROM payment_day_totals WHERE merchant_id = ? AND mode = ? AND day >= ? AND day <= ?""",
                rs -> {
                    rows.add(new Row(
                            rs.getObject(1, LocalDate.class),
                            rs.getString(2),
                            rs.getString(3),
                            PaymentSummaries.Sums.of(rs, 4)));
                },
                merchant.merchantId(),
                merchant.mode(),
                Date.valueOf(from),
                Date.valueOf(to));
        return rows;
    }

    /**
     * Sums one day from the payments and stores it with its marker, under the day's lock (the one the trigger takes
     * before it forgets a day): taken before the statement's snapshot, so a change committed meanwhile is seen.
     */
    private void sum(MerchantPrincipal merchant, LocalDate day) {
        jdbc.queryForList(
                "SELECT payment_day_totals_lock(?, ?, ?)", merchant.merchantId(), merchant.mode(), Date.valueOf(day));
        jdbc.update(
                """
                INSERT INTO payment_day_totals (merchant_id, mode, day, currency, payment_method, payments, completed,
                    failed, cancelled, expired, pending, volume_minor, fees_minor, refunded_minor)
                SELECT ?::bigint, ?, ?::date, currency, payment_method, %s
                FROM payments WHERE merchant_id = ? AND mode = ? AND created_at >= ? AND created_at < ?
                GROUP BY currency, payment_method
                UNION ALL SELECT ?::bigint, ?, ?::date, '', '', 0, 0, 0, 0, 0, 0, 0, 0, 0
                ON CONFLICT DO NOTHING""".formatted(PaymentSummaries.FIGURES),
                merchant.merchantId(),
                merchant.mode(),
                Date.valueOf(day),
                merchant.merchantId(),
                merchant.mode(),
                Timestamp.from(day.atStartOfDay(EastAfricaTime.ZONE).toInstant()),
                Timestamp.from(day.plusDays(1).atStartOfDay(EastAfricaTime.ZONE).toInstant()),
                merchant.merchantId(),
                merchant.mode(),
                Date.valueOf(day));
    }
}
