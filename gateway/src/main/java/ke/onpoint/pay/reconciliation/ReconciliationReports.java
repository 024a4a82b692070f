package ke.onpoint.pay.reconciliation;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.RowIdPaging;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads reports and review items for admins (JSON and CSV), and resolves items with a note (audited). */
@Service
public class ReconciliationReports {

    static final int MAX_PAGE = 100;
    private static final List<String> ITEM_STATUSES = List.of("open", "resolved");

    private static final String REPORT = """
            SELECT id, public_id, provider, report_date, status, error, modes, provider_records, gateway_records,
                   currency, clearing_balance_minor, provider_balance_minor, provider_balance_at, settlement_count,
                   settled_minor, settlement_fees_minor, runs, triggered_by, started_at, finished_at
            FROM reconciliation_reports""";

    private static final String ITEM = """
            SELECT i.id, i.public_id, r.public_id, i.provider, r.report_date, i.kind, i.record_kind, i.provider_reference,
                   i.our_reference, m.public_id, i.our_amount_minor, i.our_currency, i.our_status, i.their_amount_minor,
                   i.their_currency, i.their_status, i.occurred_at, i.status, i.resolution_note, i.resolved_by,
                   i.resolved_at, i.created_at
            FROM reconciliation_items i JOIN reconciliation_reports r ON r.id = i.report_id
            LEFT JOIN merchants m ON m.id = i.merchant_id""";

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;

    public ReconciliationReports(JdbcTemplate jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public Map<String, Object> list(String provider, String date) {
        LocalDate day = date == null || date.isBlank() ? null : date("date", date);
        return Map.of(
                "data",
                jdbc.query(
                        REPORT + " WHERE (?::text IS NULL OR provider = ?) AND (?::date IS NULL OR report_date = ?)"
                                + " ORDER BY report_date DESC, provider LIMIT 200",
                        (rs, i) -> report(rs),
                        blankToNull(provider),
                        blankToNull(provider),
                        day,
                        day));
    }

    public Map<String, Object> get(String publicId) {
        Map<String, Object> report =
                jdbc.query(REPORT + " WHERE public_id = ?", (rs, i) -> report(rs), publicId).stream()
                        .findFirst()
                        .orElseThrow(() -> ApiProblem.notFound("No reconciliation report " + publicId));
        report.put("items", items(publicId));
        return report;
    }

    public Map<String, Object> byId(long id) {
        return get(jdbc.queryForObject("SELECT public_id FROM reconciliation_reports WHERE id = ?", String.class, id));
    }

    List<Map<String, Object>> items(String reportPublicId) {
        return jdbc.query(ITEM + " WHERE r.public_id = ? ORDER BY i.id", (rs, i) -> item(rs), reportPublicId);
    }

    /** The report as CSV: one line per review item, with the report's figures in the first lines. */
    public String csv(String publicId) {
        Map<String, Object> report = get(publicId);
        StringBuilder csv = new StringBuilder();
        csv.append("provider,date,status,provider_records,gateway_records,clearing_balance,provider_balance\n");
        csv.append(cells(
                report.get("provider"),
                report.get("date"),
                report.get("status"),
                report.get("provider_records"),
                report.get("gateway_records"),
                report.get("clearing_balance"),
                report.get("provider_balance")));
        csv.append("\nclass,currency,count,our_amount,their_amount\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> totals = (List<Map<String, Object>>) report.get("totals");
        for (Map<String, Object> total : totals) {
            csv.append(cells(
                    total.get("class"),
                    total.get("currency"),
                    total.get("count"),
                    total.get("our_amount"),
                    total.get("their_amount")));
        }
        csv.append("\nitem,kind,record_kind,provider_reference,our_reference,our_amount,our_currency,our_status,"
                + "their_amount,their_currency,their_status,status,resolution_note,resolved_by,resolved_at\n");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) report.get("items");
        for (Map<String, Object> item : items) {
            csv.append(cells(
                    item.get("id"),
                    item.get("kind"),
                    item.get("record_kind"),
                    item.get("provider_reference"),
                    item.get("our_reference"),
                    item.get("our_amount"),
                    item.get("our_currency"),
                    item.get("our_status"),
                    item.get("their_amount"),
                    item.get("their_currency"),
                    item.get("their_status"),
                    item.get("status"),
                    item.get("resolution_note"),
                    item.get("resolved_by"),
                    item.get("resolved_at")));
        }
        return csv.toString();
    }

    /** Items newest first, filtered by status (open by default) and provider, paged by cursor. */
    public Map<String, Object> itemPage(String status, String provider, String limitText, String cursor) {
        String wanted = status == null || status.isBlank() ? "open" : status;
        if (!ITEM_STATUSES.contains(wanted)) {
            throw ApiProblem.invalidField("status", "must be open or resolved");
        }
        int limit = RowIdPaging.limit(limitText, 50, MAX_PAGE);
        long before = RowIdPaging.before(cursor);
        List<Map<String, Object>> rows = jdbc.query(
                ITEM
                        + " WHERE i.status = ? AND (?::text IS NULL OR i.provider = ?) AND i.id < ? ORDER BY i.id DESC LIMIT ?",
                (rs, i) -> {
                    Map<String, Object> row = item(rs);
                    row.put("row_id", rs.getLong(1));
                    return row;
                },
                wanted,
                blankToNull(provider),
                blankToNull(provider),
                before,
                limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> page = more ? rows.subList(0, limit) : rows;
        Object next = more ? String.valueOf(page.get(page.size() - 1).get("row_id")) : null;
        page.forEach(r -> r.remove("row_id"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page);
        answer.put("has_more", more);
        answer.put("next_cursor", next);
        return answer;
    }

    /** How many review items are open. */
    public long openItems() {
        return jdbc.queryForObject("SELECT count(*) FROM reconciliation_items WHERE status = 'open'", Long.class);
    }

    /** {@code {"note"}}: closes an open item; an item resolved already is a 409. Audited in the same transaction. */
    @Transactional
    public Map<String, Object> resolve(MerchantPrincipal admin, String publicId, JsonNode body) {
        String note = body.path("note").isTextual() ? body.get("note").asText().trim() : "";
        if (note.isEmpty()) {
            throw ApiProblem.invalidField("note", "is required: say what was found and done");
        }
        if (note.length() > 1000) {
            throw ApiProblem.invalidField("note", "must be at most 1000 characters");
        }
        List<String> status = jdbc.queryForList(
                "SELECT status FROM reconciliation_items WHERE public_id = ? FOR UPDATE", String.class, publicId);
        if (status.isEmpty()) {
            throw ApiProblem.notFound("No reconciliation item " + publicId);
        }
        if (!"open".equals(status.get(0))) {
            throw ApiProblem.conflict(
                    "item-already-resolved", "Already resolved", "Item " + publicId + " is resolved already", null);
        }
        jdbc.update("""
                UPDATE reconciliation_items SET status = 'resolved', resolution_note = ?, resolved_by = ?,
                    resolved_at = now()
                WHERE public_id = ?""", note, admin.actor(), publicId);
        audit.record(
                admin,
                AuditTrail.Entry.of("reconciliation.item_resolved", "reconciliation_item", publicId)
                        .change(Map.of("status", "open"), Map.of("status", "resolved", "note", note)));
        return jdbc.query(ITEM + " WHERE i.public_id = ?", (rs, i) -> item(rs), publicId)
                .get(0);
    }

    /** The provider's balance of our account, as it answered later (M-Pesa's Account Balance Result). */
    public void recordProviderBalance(long reportId, long balanceMinor, java.time.Instant at) {
        jdbc.update(
                "UPDATE reconciliation_reports SET provider_balance_minor = ?, provider_balance_at = ? WHERE id = ?",
                balanceMinor,
                Timestamp.from(at),
                reportId);
    }

    static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiProblem.invalidField(field, "must be a date as YYYY-MM-DD");
        }
    }

    private Map<String, Object> report(ResultSet rs) throws SQLException {
        Map<String, Object> report = new LinkedHashMap<>();
        long id = rs.getLong(1);
        report.put("id", rs.getString(2));
        report.put("provider", rs.getString(3));
        report.put("date", rs.getObject(4, LocalDate.class).toString());
        report.put("status", rs.getString(5));
        report.put("error", rs.getString(6));
        report.put("modes", List.of(rs.getString(7).split(",")));
        report.put("provider_records", rs.getInt(8));
        report.put("gateway_records", rs.getInt(9));
        report.put("currency", rs.getString(10));
        report.put("clearing_balance", major(rs, 11));
        report.put("provider_balance", major(rs, 12));
        report.put("provider_balance_at", instant(rs, 13));
        Map<String, Object> settlements = null;
        if (rs.getObject(14) != null) {
            settlements = new LinkedHashMap<>();
            settlements.put("count", rs.getInt(14));
            settlements.put("settled", major(rs, 15));
            settlements.put("fees", major(rs, 16));
        }
        report.put("provider_settlements", settlements);
        report.put("runs", rs.getInt(17));
        report.put("triggered_by", rs.getString(18));
        report.put("started_at", instant(rs, 19));
        report.put("finished_at", instant(rs, 20));
        report.put("totals", totals(id));
        return report;
    }

    private List<Map<String, Object>> totals(long reportId) {
        return jdbc.query(
                """
                SELECT class, currency, record_count, ours_minor, theirs_minor FROM reconciliation_totals
                WHERE report_id = ? ORDER BY class, currency""",
                (rs, i) -> {
                    Map<String, Object> total = new LinkedHashMap<>();
                    total.put("class", rs.getString(1));
                    total.put("currency", rs.getString(2));
                    total.put("count", rs.getInt(3));
                    total.put("our_amount", Money.toMajor(rs.getLong(4)));
                    total.put("their_amount", Money.toMajor(rs.getLong(5)));
                    return total;
                },
                reportId);
    }

    private static Map<String, Object> item(ResultSet rs) throws SQLException {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", rs.getString(2));
        item.put("report_id", rs.getString(3));
        item.put("provider", rs.getString(4));
        item.put("date", rs.getObject(5, LocalDate.class).toString());
        item.put("kind", rs.getString(6));
        item.put("record_kind", rs.getString(7));
        item.put("provider_reference", rs.getString(8));
        item.put("our_reference", rs.getString(9));
        item.put("merchant_id", rs.getString(10));
        item.put("our_amount", major(rs, 11));
        item.put("our_currency", rs.getString(12));
        item.put("our_status", rs.getString(13));
        item.put("their_amount", major(rs, 14));
        item.put("their_currency", rs.getString(15));
        item.put("their_status", rs.getString(16));
        item.put("occurred_at", instant(rs, 17));
        item.put("status", rs.getString(18));
        item.put("resolution_note", rs.getString(19));
        item.put("resolved_by", rs.getString(20));
        item.put("resolved_at", instant(rs, 21));
        item.put("created_at", instant(rs, 22));
        return item;
    }

    private static BigDecimal major(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Money.toMajor(value);
    }

    private static String instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant().toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** One CSV line; a cell with a comma, quote or line break is quoted, and one starting like a formula is defused. */
    private static String cells(Object... values) {
        StringBuilder line = new StringBuilder();
        for (Object value : values) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            String text =
                    value == null ? "" : value instanceof BigDecimal amount ? amount.toPlainString() : value.toString();
            if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof BigDecimal)) {
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                text = "\"" + text.replace("\"", "\"\"") + "\"";
            }
            line.append(text);
        }
        return line.append('\n').toString();
    }
}
