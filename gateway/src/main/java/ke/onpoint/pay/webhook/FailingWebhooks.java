package ke.onpoint.pay.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.api.RowIdPaging;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What the gateway's staff watch of webhooks: per merchant, the deliveries still retrying after a failed attempt
 * ({@code failing}) and those that gave up ({@code dead}: failed for good, until the merchant replays them), with the
 * latest error; and the whole backlog of deliveries waiting to be sent.
 */
@Service
public class FailingWebhooks {

    static final int MAX_PAGE = 100;

    private final JdbcTemplate jdbc;

    public FailingWebhooks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Merchants with failing or dead deliveries, the most recently failing first, paged by cursor. */
    public Map<String, Object> byMerchant(String limitText, String cursor) {
        int limit = RowIdPaging.limit(limitText, 25, MAX_PAGE);
        long before = RowIdPaging.before(cursor);
        List<Map<String, Object>> rows = jdbc.query(
                """
                WITH failing AS (
                    SELECT merchant_id, max(id) AS latest,
                           count(*) FILTER (WHERE status = 'pending') AS failing,
                           count(*) FILTER (WHERE status = 'failed') AS dead
                    FROM webhook_deliveries
                    WHERE status = 'failed' OR (status = 'pending' AND attempts > 0)
                    GROUP BY merchant_id
                    HAVING max(id) < ?
                    ORDER BY max(id) DESC LIMIT ?)
                SELECT f.latest, m.public_id, m.name, m.webhook_url, f.failing, f.dead, d.public_id, d.url, d.status,
                       d.last_status_code, d.last_error, d.attempts, a.attempted_at
                FROM failing f JOIN merchants m ON m.id = f.merchant_id JOIN webhook_deliveries d ON d.id = f.latest
                LEFT JOIN LATERAL (SELECT max(attempted_at) AS attempted_at FROM webhook_attempts
                                   WHERE delivery_id = d.id) a ON true
                ORDER BY f.latest DESC""",
                (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("row_id", rs.getLong(1));
                    row.put("merchant_id", rs.getString(2));
                    row.put("merchant_name", rs.getString(3));
                    row.put("webhook_url", rs.getString(4));
                    row.put("failing", rs.getLong(5));
                    row.put("dead", rs.getLong(6));
                    Map<String, Object> latest = new LinkedHashMap<>();
                    latest.put("id", rs.getString(7));
                    latest.put("url", rs.getString(8));
                    latest.put("status", rs.getString(9));
                    latest.put("last_status_code", rs.getObject(10));
                    latest.put("last_error", rs.getString(11));
                    latest.put("attempts", rs.getInt(12));
                    latest.put("attempted_at", instant(rs.getTimestamp(13)));
                    row.put("latest", latest);
                    return row;
                },
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

    /** How many merchants have failing or dead deliveries. */
    public long merchantsFailing() {
        return jdbc.queryForObject(
                "SELECT count(DISTINCT merchant_id) FROM webhook_deliveries "
                        + "WHERE status = 'failed' OR (status = 'pending' AND attempts > 0)",
                Long.class);
    }

    /** A backlog: how many wait, and since when the oldest has. */
    public record Backlog(long count, Instant oldest) {}

    /** Deliveries waiting to be sent (first tries and retries), and the oldest one's creation. */
    public Backlog backlog() {
        return jdbc.queryForObject(
                "SELECT count(*), min(created_at) FROM webhook_deliveries WHERE status = 'pending'",
                (rs, i) -> new Backlog(rs.getLong(1), instant(rs.getTimestamp(2))));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
