package ke.onpoint.pay.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.util.RawValue;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reading the audit trail: a merchant's users see their merchant's records, admins see every merchant's (and may
 * narrow to one). Newest first, filtered by action, actor and date (EAT days), paged by cursor; the same filter
 * exports as CSV.
 */
@Service
public class AuditQueries {

    static final int MAX_PAGE = 500;
    static final int MAX_EXPORT = 100_000;
    static final List<String> COLUMNS = List.of(
            "id",
            "occurred_at",
            "merchant",
            "actor_type",
            "actor",
            "action",
            "target_type",
            "target",
            "before",
            "after",
            "source_ip",
            "request_id");

    private final JdbcTemplate jdbc;

    public AuditQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The query parameters the API accepts. */
    public record Filter(
            String action,
            String actor,
            String dateFrom,
            String dateTo,
            String merchant,
            String cursor,
            String limit) {}

    public Map<String, Object> page(MerchantPrincipal who, Filter filter) {
        int limit = limit(filter.limit(), 50, MAX_PAGE);
        List<Map<String, Object>> rows = query(who, filter, limit + 1);
        Map<String, Object> page = new LinkedHashMap<>();
        boolean more = rows.size() > limit;
        List<Map<String, Object>> data = more ? rows.subList(0, limit) : rows;
        page.put("data", data);
        page.put("next_cursor", more ? String.valueOf(data.get(data.size() - 1).get("id")) : null);
        return page;
    }

    public List<Map<String, Object>> export(MerchantPrincipal who, Filter filter) {
        return query(who, filter, MAX_EXPORT);
    }

    /** The download (the API's {@code format=csv} and the dashboard's): every row the filter selects, as CSV. */
    public String exportCsv(MerchantPrincipal who, Filter filter) {
        return csv(export(who, filter));
    }

    /** The download's file name. */
    public static final String CSV_FILE = "audit-logs.csv";

    private List<Map<String, Object>> query(MerchantPrincipal who, Filter filter, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT a.id, a.occurred_at, m.public_id, a.actor_type, a.actor, a.action, a.target_type, a.target,
                       a.before::text, a.after::text, a.source_ip, a.request_id
                FROM audit_logs a LEFT JOIN merchants m ON m.id = a.merchant_id WHERE true""");
        List<Object> args = new ArrayList<>();
        if (!who.admin()) {
            sql.append(" AND a.merchant_id = ?");
            args.add(who.merchantId());
        } else if (filter.merchant() != null && !filter.merchant().isBlank()) {
            sql.append(" AND m.public_id = ?");
            args.add(filter.merchant());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            sql.append(" AND a.action = ?");
            args.add(filter.action());
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            sql.append(" AND a.actor = ?");
            args.add(filter.actor());
        }
        if (filter.dateFrom() != null && !filter.dateFrom().isBlank()) {
            sql.append(" AND a.occurred_at >= ?");
            args.add(Timestamp.from(day(filter.dateFrom(), "date_from")));
        }
        if (filter.dateTo() != null && !filter.dateTo().isBlank()) {
            sql.append(" AND a.occurred_at < ?");
            args.add(Timestamp.from(day(filter.dateTo(), "date_to").plusSeconds(86_400)));
        }
        if (filter.cursor() != null && !filter.cursor().isBlank()) {
            try {
                args.add(Long.parseLong(filter.cursor()));
            } catch (NumberFormatException e) {
                throw ApiProblem.invalidField("cursor", "must be the next_cursor of a previous page");
            }
            sql.append(" AND a.id < ?");
        }
        sql.append(" ORDER BY a.id DESC LIMIT ").append(limit);
        return jdbc.query(
                sql.toString(),
                (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("occurred_at", rs.getTimestamp(2).toInstant());
                    row.put("merchant", rs.getString(3));
                    row.put("actor_type", rs.getString(4));
                    row.put("actor", rs.getString(5));
                    row.put("action", rs.getString(6));
                    row.put("target_type", rs.getString(7));
                    row.put("target", rs.getString(8));
                    row.put("before", rs.getString(9) == null ? null : new RawValue(rs.getString(9)));
                    row.put("after", rs.getString(10) == null ? null : new RawValue(rs.getString(10)));
                    row.put("source_ip", rs.getString(11));
                    row.put("request_id", rs.getString(12));
                    return row;
                },
                args.toArray());
    }

    /** RFC 4180 CSV of the rows, with a header line; cells that a spreadsheet would run as formulas are defused. */
    public static String csv(List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : COLUMNS) {
                Object value = row.get(column);
                if (value instanceof RawValue raw) {
                    value = raw.rawValue(); // before/after: the JSON text itself, amounts as ApiJson wrote them
                } else if (value instanceof java.math.BigDecimal amount) {
                    value = ke.onpoint.pay.payment.Money.format(amount);
                }
                cells.add(cell(value == null ? "" : value.toString()));
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    static String cell(String value) {
        return ke.onpoint.pay.api.Csv.cell(value);
    }

    private static Instant day(String text, String field) {
        try {
            return LocalDate.parse(text).atStartOfDay(EastAfricaTime.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, "must be a date such as 2024-01-31");
        }
    }

    private static int limit(String text, int fallback, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem
        }
        throw ApiProblem.invalidField("limit", "must be a whole number from 1 to " + max);
    }
}
