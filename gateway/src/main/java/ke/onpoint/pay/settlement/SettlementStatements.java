package ke.onpoint.pay.settlement;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.Csv;
import ke.onpoint.pay.api.CsvDownloads;
import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A merchant's settlements as statements: the list, one settlement with its lines and its payout, and its lines as
 * CSV with their totals. Only the caller's merchant and mode: any other settlement is a 404, as an unknown one.
 */
@Component
public class SettlementStatements {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final int DEFAULT_LINES = 100;
    static final int MAX_LINES = 1000;
    static final char CURSOR = 's';
    static final char LINE_CURSOR = 'l';
    static final Set<String> STATUSES = Set.of("paying", "paid", "held", "payout_failed");
    static final List<String> CSV_COLUMNS = List.of("kind", "reference", "occurred_at", "gross", "fee", "net");

    private static final String SELECT = """
            SELECT s.*, p.reference AS payout_reference, p.status AS payout_status, p.amount_minor AS payout_amount,
                   p.currency AS payout_currency, p.destination_type, p.destination_display, p.provider,
                   p.provider_receipt, p.failure_code, p.failure_reason, p.sent_at, p.completed_at
            FROM settlements s LEFT JOIN payouts p ON p.settlement_id = s.id""";

    private final JdbcTemplate jdbc;
    private final CsvDownloads downloads;

    public SettlementStatements(JdbcTemplate jdbc, CsvDownloads downloads) {
        this.jdbc = jdbc;
        this.downloads = downloads;
    }

    /** A settlement as its {@code settlement.created} event shows it, and what paid it out (null while held). */
    public record Item(@JsonIgnore long id, @JsonUnwrapped SettlementView settlement, Payout payout) {}

    /** What paid the settlement out; {@code destination} is the masked form, never the number. */
    public record Payout(
            String reference,
            String status,
            BigDecimal amount,
            String currency,
            String destinationType,
            String destination,
            String provider,
            String providerReceipt,
            String failureCode,
            String failureReason,
            Instant sentAt,
            Instant completedAt) {}

    public record Line(
            @JsonIgnore long entryId,
            String kind,
            String reference,
            BigDecimal gross,
            BigDecimal fee,
            BigDecimal net,
            Instant occurredAt) {}

    public record Page(List<Item> data, boolean hasMore, String nextCursor) {}

    public record Lines(List<Line> data, boolean hasMore, String nextCursor) {}

    public record Statement(@JsonUnwrapped SettlementView settlement, Payout payout, Lines lines) {}

    /** Newest first: {@code status}, {@code date_from}/{@code date_to} (settlement days), {@code limit}, {@code cursor}. */
    public Page list(MerchantPrincipal merchant, QueryParameters query) {
        String status = query.oneOf(
                "status",
                s -> Optional.of(s).filter(STATUSES::contains),
                "must be paying, paid, held or payout_failed");
        DateRange range = query.optionalRange();
        int limit = query.limit(DEFAULT_PAGE, MAX_PAGE);
        Long before = query.cursor(CURSOR);
        query.check();
        StringBuilder sql = new StringBuilder(SELECT + " WHERE s.merchant_id = ? AND s.mode = ?");
        List<Object> args = new ArrayList<>(List.of(merchant.merchantId(), merchant.mode()));
        if (status != null) {
            sql.append(" AND s.status = ?");
            args.add(status);
        }
        if (range.from() != null) {
            sql.append(" AND s.settlement_date >= ?");
            args.add(range.from());
        }
        if (range.to() != null) {
            sql.append(" AND s.settlement_date <= ?");
            args.add(range.to());
        }
        if (before != null) {
            sql.append(" AND s.id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY s.id DESC LIMIT ?");
        args.add(limit + 1);
        List<Item> rows = jdbc.query(sql.toString(), SettlementStatements::item, args.toArray());
        boolean more = rows.size() > limit;
        List<Item> page = more ? rows.subList(0, limit) : rows;
        return new Page(
                page,
                more,
                more ? QueryParameters.cursor(CURSOR, page.get(page.size() - 1).id()) : null);
    }

    /** One settlement with a page of its lines ({@code limit} up to 1000, {@code cursor}) and its payout. */
    public Statement get(MerchantPrincipal merchant, String reference, QueryParameters query) {
        query.format("json", "csv");
        int limit = query.limit(DEFAULT_LINES, MAX_LINES);
        Long after = query.cursor(LINE_CURSOR);
        query.check();
        Item settlement = find(merchant, reference);
        List<Object> args = new ArrayList<>(List.of(settlement.id()));
        String cursor = "";
        if (after != null) {
            cursor = " AND entry_id > ?";
            args.add(after);
        }
        args.add(limit + 1);
        List<Line> rows = jdbc.query(
                """
                SELECT entry_id, kind, reference, gross_minor, fee_minor, net_minor, occurred_at FROM settlement_lines
                WHERE settlement_id = ?%s ORDER BY entry_id LIMIT ?""".formatted(cursor),
                (rs, i) -> new Line(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        Money.toMajor(rs.getLong(4)),
                        Money.toMajor(rs.getLong(5)),
                        Money.toMajor(rs.getLong(6)),
                        rs.getTimestamp(7).toInstant()),
                args.toArray());
        boolean more = rows.size() > limit;
        List<Line> page = more ? rows.subList(0, limit) : rows;
        return new Statement(
                settlement.settlement(),
                settlement.payout(),
                new Lines(
                        page,
                        more,
                        more
                                ? QueryParameters.cursor(
                                        LINE_CURSOR, page.get(page.size() - 1).entryId())
                                : null));
    }

    /** Whether the caller asked for the CSV ({@code format=csv}); any other format than json or csv is a 422. */
    public static boolean wantsCsv(QueryParameters query) {
        String format = query.format("json", "csv");
        query.check();
        return format.equals("csv");
    }

    /** Every line as CSV, streamed, then a totals line summing the columns. */
    public void csv(Exchange exchange, MerchantPrincipal merchant, String reference) {
        downloads.answer(exchange, csv(merchant, reference));
    }

    /**
     * The same download for an answer other than the API's (the dashboard's): the settlement is looked up and the
     * query run before it returns, so an unknown settlement is still a problem.
     */
    public CsvDownloads.Download csv(MerchantPrincipal merchant, String reference) {
        Item found = find(merchant, reference);
        SettlementView settlement = found.settlement();
        long[] totals = new long[3];
        return downloads.download(
                "settlement-" + settlement.reference() + ".csv",
                CSV_COLUMNS,
                """
                SELECT kind, reference, occurred_at, gross_minor, fee_minor, net_minor FROM settlement_lines
                WHERE settlement_id = ? ORDER BY entry_id""",
                List.of(found.id()),
                new CsvDownloads.Rows() {
                    @Override
                    public void row(ResultSet row, StringBuilder out) throws SQLException {
                        long gross = row.getLong(4);
                        long fee = row.getLong(5);
                        long net = row.getLong(6);
                        totals[0] += gross;
                        totals[1] += fee;
                        totals[2] += net;
                        Csv.line(
                                out,
                                List.of(
                                        row.getString(1),
                                        row.getString(2),
                                        Csv.time(row.getTimestamp(3).toInstant()),
                                        Money.toMajor(gross),
                                        Money.toMajor(fee),
                                        Money.toMajor(net)));
                    }

                    @Override
                    public void end(StringBuilder out) {
                        Csv.line(
                                out,
                                java.util.Arrays.asList(
                                        "total",
                                        settlement.reference(),
                                        null,
                                        Money.toMajor(totals[0]),
                                        Money.toMajor(totals[1]),
                                        Money.toMajor(totals[2])));
                    }
                });
    }

    private Item find(MerchantPrincipal merchant, String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 40) {
            throw ApiProblem.notFound("No settlement with that reference");
        }
        return jdbc
                .query(
                        SELECT + " WHERE s.reference = ? AND s.merchant_id = ? AND s.mode = ?",
                        SettlementStatements::item,
                        reference,
                        merchant.merchantId(),
                        merchant.mode())
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No settlement with reference '" + reference + "'"));
    }

    private static Item item(ResultSet rs, int row) throws SQLException {
        Settlement settlement = Settlements.map(rs, row);
        Payout payout = rs.getString("payout_reference") == null
                ? null
                : new Payout(
                        rs.getString("payout_reference"),
                        rs.getString("payout_status"),
                        Money.toMajor(rs.getLong("payout_amount")),
                        rs.getString("payout_currency"),
                        rs.getString("destination_type"),
                        rs.getString("destination_display"),
                        rs.getString("provider"),
                        rs.getString("provider_receipt"),
                        rs.getString("failure_code"),
                        rs.getString("failure_reason"),
                        instant(rs.getTimestamp("sent_at")),
                        instant(rs.getTimestamp("completed_at")));
        return new Item(settlement.id(), settlement.view(), payout);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
