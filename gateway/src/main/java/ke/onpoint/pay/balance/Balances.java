package ke.onpoint.pay.balance;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The merchant's money as the ledger holds it, in the caller's mode only: balances per currency (pending, available,
 * in payout) with what settles next, and the ledger lines behind them. Amounts are what the gateway owes the
 * merchant: a credit to the merchant is positive.
 */
@Component
public class Balances {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final char CURSOR = 'e';
    private static final List<AccountKind> MERCHANT_ACCOUNTS =
            List.of(AccountKind.PENDING, AccountKind.AVAILABLE, AccountKind.IN_PAYOUT);
    private static final Pattern POSTING_KIND = Pattern.compile("[a-z_]{1,16}(\\.[a-z_]{1,15})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final JdbcTemplate jdbc;

    public Balances(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Answer(String mode, List<CurrencyBalance> data) {}

    /** {@code settling}: pending money by the East Africa day it becomes settleable, earliest first. */
    public record CurrencyBalance(
            String currency,
            BigDecimal pending,
            BigDecimal available,
            BigDecimal inPayout,
            Settling nextSettlement,
            List<Settling> settling) {}

    public record Settling(LocalDate date, BigDecimal amount) {}

    /** One entry on one of the merchant's accounts, with the posting it belongs to. */
    public record Line(
            long id,
            java.time.Instant createdAt,
            String kind,
            String reference,
            String account,
            BigDecimal amount,
            String currency,
            LocalDate settleOn,
            BigDecimal gross,
            BigDecimal fee) {}

    public record Page(List<Line> data, boolean hasMore, String nextCursor) {}

    /**
     * Two statements: the balances from the maintained balance rows (one row per account and slot, no entry is
     * summed), and what is still pending by settle-on day. A pending entry is still to settle when no settlement line
     * covers it; entries on or before the merchant's last settlement day are settled by then (a settlement of day D
     * takes everything settleable from D or earlier), which keeps the scan to the last days' entries.
     */
    public Answer balance(MerchantPrincipal merchant) {
        Map<String, long[]> sums = new TreeMap<>();
        jdbc.query(
                """
                SELECT a.currency, a.kind, COALESCE(sum(b.balance_minor), 0)
                FROM ledger_accounts a LEFT JOIN ledger_balances b ON b.account_id = a.id
                WHERE a.merchant_id = ? AND a.mode = ? GROUP BY a.currency, a.kind""",
                rs -> {
                    AccountKind kind = kindOf(rs.getString(2));
                    sums.computeIfAbsent(rs.getString(1), c -> new long[3])[MERCHANT_ACCOUNTS.indexOf(kind)] =
                            kind.balanceOf(rs.getLong(3));
                },
                merchant.merchantId(),
                merchant.mode());
        Map<String, List<Settling>> settling = new TreeMap<>();
        jdbc.query(
                """
                SELECT a.currency, e.settle_on, -sum(e.amount_minor)
                FROM ledger_accounts a JOIN ledger_entries e ON e.account_id = a.id AND e.settle_on IS NOT NULL
                WHERE a.merchant_id = ? AND a.mode = ? AND a.kind = 'pending'
                  AND e.settle_on > COALESCE((SELECT max(s.settlement_date) FROM settlements s
                                              WHERE s.merchant_id = a.merchant_id AND s.mode = a.mode
                                                AND s.currency = a.currency), '-infinity'::date)
                  AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.entry_id = e.id)
                GROUP BY a.currency, e.settle_on HAVING sum(e.amount_minor) <> 0
                ORDER BY a.currency, e.settle_on""",
                rs -> {
                    settling.computeIfAbsent(rs.getString(1), c -> new ArrayList<>())
                            .add(new Settling(rs.getObject(2, LocalDate.class), Money.toMajor(rs.getLong(3))));
                },
                merchant.merchantId(),
                merchant.mode());
        List<CurrencyBalance> data = new ArrayList<>();
        sums.forEach((currency, s) -> {
            List<Settling> days = settling.getOrDefault(currency, List.of());
            data.add(new CurrencyBalance(
                    currency,
                    Money.toMajor(s[0]),
                    Money.toMajor(s[1]),
                    Money.toMajor(s[2]),
                    days.isEmpty() ? null : days.get(0),
                    days));
        });
        return new Answer(merchant.mode(), data);
    }

    /**
     * The merchant's ledger lines, newest first. Each of its accounts (three per currency) is read backwards along
     * its own index ({@code ledger_entries (account_id, id)}) for at most a page, and the pages are merged: a page
     * costs the same on the first day and after a million payments. No running balance: on a later page it would
     * need every newer entry summed.
     */
    public Page lines(MerchantPrincipal merchant, QueryParameters query) {
        String kind = query.text("kind");
        if (kind != null && !POSTING_KIND.matcher(kind).matches()) {
            query.invalid("kind", "must be a ledger posting kind such as payment.captured or payout.paid");
        }
        AccountKind account = query.oneOf(
                "account",
                code -> MERCHANT_ACCOUNTS.stream()
                        .filter(k -> k.code().equals(code))
                        .findFirst(),
                "must be pending, available or in_payout");
        String currency = query.text("currency");
        if (currency != null
                && !CURRENCY.matcher(currency.toUpperCase(Locale.ROOT)).matches()) {
            query.invalid("currency", "must be a currency code such as KES");
        }
        DateRange range = query.optionalRange();
        int limit = query.limit(DEFAULT_PAGE, MAX_PAGE);
        Long before = query.cursor(CURSOR);
        query.check();

        StringBuilder inner = new StringBuilder();
        List<Object> innerArgs = new ArrayList<>();
        if (before != null) {
            inner.append(" AND e.id < ?");
            innerArgs.add(before);
        }
        if (range.start() != null) {
            inner.append(" AND e.created_at >= ?");
            innerArgs.add(Timestamp.from(range.start()));
        }
        if (range.end() != null) {
            inner.append(" AND e.created_at < ?");
            innerArgs.add(Timestamp.from(range.end()));
        }
        if (kind != null) {
            inner.append(" AND p.kind = ?");
            innerArgs.add(kind);
        }
        StringBuilder outer = new StringBuilder();
        List<Object> outerArgs = new ArrayList<>(List.of(merchant.merchantId(), merchant.mode()));
        if (account != null) {
            outer.append(" AND a.kind = ?");
            outerArgs.add(account.code());
        }
        if (currency != null) {
            outer.append(" AND a.currency = ?");
            outerArgs.add(currency.toUpperCase(Locale.ROOT));
        }
        List<Object> args = new ArrayList<>(innerArgs);
        args.add(limit + 1);
        args.addAll(outerArgs);
        args.add(limit + 1);
        List<Line> rows = jdbc.query(
                """
                SELECT e.id, e.created_at, e.kind, e.reference, a.kind, e.amount_minor, e.currency, e.settle_on,
                       e.gross_minor, e.fee_minor
                FROM ledger_accounts a CROSS JOIN LATERAL (
                    SELECT e.id, e.created_at, e.amount_minor, e.currency, e.settle_on, p.kind, p.reference,
                           p.gross_minor, p.fee_minor
                    FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id
                    WHERE e.account_id = a.id %s
                    ORDER BY e.id DESC LIMIT ?) e
                WHERE a.merchant_id = ? AND a.mode = ? %s
                ORDER BY e.id DESC LIMIT ?""".formatted(inner, outer),
                (rs, i) -> {
                    AccountKind on = kindOf(rs.getString(5));
                    Long gross = rs.getObject(9, Long.class);
                    Long fee = rs.getObject(10, Long.class);
                    return new Line(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getString(4),
                            on.code(),
                            Money.toMajor(on.balanceOf(rs.getLong(6))),
                            rs.getString(7),
                            rs.getObject(8, LocalDate.class),
                            gross == null ? null : Money.toMajor(gross),
                            fee == null ? null : Money.toMajor(fee));
                },
                args.toArray());
        boolean more = rows.size() > limit;
        List<Line> page = more ? rows.subList(0, limit) : rows;
        return new Page(
                page,
                more,
                more ? QueryParameters.cursor(CURSOR, page.get(page.size() - 1).id()) : null);
    }

    private static AccountKind kindOf(String code) {
        return Optional.of(code)
                .flatMap(c -> MERCHANT_ACCOUNTS.stream()
                        .filter(k -> k.code().equals(c))
                        .findFirst())
                .orElseThrow(() -> new IllegalStateException("not a merchant account kind: " + code));
    }
}
