package ke.onpoint.pay.merchant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.InputText;
import ke.onpoint.pay.api.RowIdPaging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The gateway's staff look merchants up: by a piece of the business name or email, or by public id, newest first and
 * paged by cursor; each with what an operator checks first (KYC status, own limits or pricing, payouts paused).
 */
@Service
public class MerchantDirectory {

    static final int MAX_PAGE = 100;
    private static final int MAX_QUERY = 200;

    private static final String ROW = """
            SELECT m.id, m.public_id, m.name, m.email, m.status, m.kyc_status, m.payouts_paused, m.payouts_paused_reason,
                   m.rate_per_second IS NOT NULL OR m.rate_per_minute IS NOT NULL
                       OR EXISTS (SELECT 1 FROM merchant_limits l WHERE l.merchant_id = m.id),
                   EXISTS (SELECT 1 FROM pricing_plans p WHERE p.merchant_id = m.id),
                   m.created_at
            FROM merchants m""";

    private final JdbcTemplate jdbc;

    public MerchantDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code q}: part of the name or email (any case), or a whole public id; every merchant when blank. */
    public Map<String, Object> search(String query, String limitText, String cursor) {
        String q = query == null ? "" : query.trim();
        if (q.length() > MAX_QUERY || InputText.defect(q).isPresent()) {
            throw ApiProblem.invalidField("q", "must be text of at most " + MAX_QUERY + " characters");
        }
        int limit = RowIdPaging.limit(limitText, 25, MAX_PAGE);
        long before = RowIdPaging.before(cursor);
        String pattern = q.isEmpty() ? null : "%" + likeEscaped(q.toLowerCase(java.util.Locale.ROOT)) + "%";
        List<Map<String, Object>> rows = jdbc.query(
                ROW
                        + " WHERE (?::text IS NULL OR m.public_id = ? OR lower(m.name) LIKE ? ESCAPE '\\'"
                        + " OR lower(m.email) LIKE ? ESCAPE '\\') AND m.id < ? ORDER BY m.id DESC LIMIT ?",
                (rs, i) -> row(rs),
                pattern,
                q,
                pattern,
                pattern,
                before,
                limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> page = more ? rows.subList(0, limit) : rows;
        Object next = more ? String.valueOf(page.get(page.size() - 1).get("row_id")) : null;
        page.forEach(row -> row.remove("row_id"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page);
        answer.put("has_more", more);
        answer.put("next_cursor", next);
        return answer;
    }

    /** One merchant, as the search shows it; 404 when there is none. */
    public Map<String, Object> get(String publicId) {
        Map<String, Object> row = jdbc.query(ROW + " WHERE m.public_id = ?", (rs, i) -> row(rs), publicId).stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No merchant " + publicId));
        row.remove("row_id");
        return row;
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row_id", rs.getLong(1));
        row.put("id", rs.getString(2));
        row.put("business_name", rs.getString(3));
        row.put("email", rs.getString(4));
        row.put("status", rs.getString(5));
        row.put("kyc_status", rs.getString(6));
        row.put("payouts_paused", rs.getBoolean(7));
        row.put("payouts_paused_reason", rs.getString(8));
        row.put("own_limits", rs.getBoolean(9));
        row.put("own_pricing", rs.getBoolean(10));
        row.put("created_at", rs.getTimestamp(11).toInstant());
        return row;
    }

    /** The text matched literally: {@code %} and {@code _} typed in a search are not wildcards. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
