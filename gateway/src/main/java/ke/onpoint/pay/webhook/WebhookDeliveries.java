package ke.onpoint.pay.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The webhook deliveries made from the outbox's events, in SQL. Rows are claimed with {@code FOR UPDATE SKIP LOCKED},
 * so any number of instances can deliver without sending anything twice at the same time.
 */
@Repository
public class WebhookDeliveries {

    /** A delivery due now, with what it needs to be sent. */
    public record Due(
            long id,
            String publicId,
            String eventId,
            String url,
            List<String> secrets,
            String eventType,
            String payload,
            Instant eventCreatedAt,
            int attempts,
            Instant windowStartedAt) {}

    /** The logical field both webhook secret columns hold (rotation moves a value from one to the other). */
    public static final String SECRET_FIELD = "merchants.webhook_secret";

    private final JdbcTemplate jdbc;
    private final ke.onpoint.pay.security.FieldCipher cipher;

    public WebhookDeliveries(JdbcTemplate jdbc, ke.onpoint.pay.security.FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** One delivery per event and target: the payment's callback_url, else the merchant's webhook URL (if any). */
    public void enqueue(Outbox.Event event) {
        jdbc.update("""
                INSERT INTO webhook_deliveries (public_id, event_id, merchant_id, url, next_attempt_at)
                SELECT ?, ?, m.id, COALESCE(p.callback_url, m.webhook_url), now()
                FROM merchants m LEFT JOIN payments p ON p.reference = ? AND p.merchant_id = m.id
                WHERE m.id = ? AND COALESCE(p.callback_url, m.webhook_url) IS NOT NULL
                ON CONFLICT ON CONSTRAINT webhook_deliveries_once DO NOTHING""", "whd_" + RandomIds.base62(20), event.eventId(), event.reference(), event.merchantId());
    }

    /** Due deliveries, leased for {@code lease} so no other instance sends them meanwhile. */
    public List<Due> claimDue(int limit, Duration lease) {
        return jdbc.query(
                """
                WITH due AS (
                    UPDATE webhook_deliveries SET next_attempt_at = now() + ?::interval
                    WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
                                 ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING *)
                SELECT d.id, d.public_id, d.event_id, d.url, m.webhook_secret,
                       CASE WHEN m.previous_secret_expires_at > now() THEN m.previous_webhook_secret END,
                       o.event_type, o.payload::text, o.created_at, d.attempts, d.window_started_at
                FROM due d JOIN merchants m ON m.id = d.merchant_id JOIN outbox_events o ON o.event_id = d.event_id""",
                (rs, i) -> new Due(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(6) == null
                                ? List.of(secret(rs.getString(5)))
                                : List.of(secret(rs.getString(5)), secret(rs.getString(6))),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getInt(10),
                        rs.getTimestamp(11).toInstant()),
                lease.toMillis() + " milliseconds",
                limit);
    }

    private String secret(String stored) {
        return cipher.decrypt(SECRET_FIELD, stored);
    }

    public void recordAttempt(
            long deliveryId, Integer statusCode, long latencyMs, String error, String responseExcerpt) {
        jdbc.update(
                "INSERT INTO webhook_attempts (delivery_id, status_code, latency_ms, error, response_excerpt) "
                        + "VALUES (?, ?, ?, ?, ?)",
                deliveryId,
                statusCode,
                (int) latencyMs,
                truncate(error, 255),
                truncate(responseExcerpt, 512));
    }

    public void delivered(long deliveryId, int statusCode) {
        jdbc.update("""
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status_code = ?,
                    last_error = NULL, delivered_at = now(), next_attempt_at = NULL WHERE id = ?""", statusCode, deliveryId);
    }

    /** A failed attempt: the next one at {@code nextAttempt}, or failed for good when that is null. */
    public void attemptFailed(long deliveryId, Integer statusCode, String error, Instant nextAttempt) {
        jdbc.update("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = ?, last_error = ?,
                    status = CASE WHEN ?::timestamptz IS NULL THEN 'failed' ELSE 'pending' END, next_attempt_at = ?
                WHERE id = ?""", statusCode, truncate(error, 255), ts(nextAttempt), ts(nextAttempt), deliveryId);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
