package ke.onpoint.pay.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The webhook deliveries made from the outbox's events, in SQL. Rows are claimed with {@code FOR UPDATE SKIP LOCKED},
 * so any number of instances can deliver without sending anything twice at the same time. Work is done a batch at a
 * time: a batch of events becomes deliveries in one statement, and a batch of attempts is recorded in one.
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

    /**
     * One attempt at a delivery and what follows from it: delivered, another try at {@code nextAttemptAt}, or (neither)
     * failed for good. {@code error} is the attempt's own (no answer); {@code lastError} is what the delivery shows.
     */
    public record Attempt(
            long deliveryId,
            Instant attemptedAt,
            Integer statusCode,
            long latencyMs,
            String error,
            String responseExcerpt,
            boolean delivered,
            String lastError,
            Instant nextAttemptAt) {

        static Attempt delivered(long deliveryId, Instant at, int statusCode, long latencyMs, String excerpt) {
            return new Attempt(deliveryId, at, statusCode, latencyMs, null, excerpt, true, null, null);
        }

        /** Not delivered: answered non-2xx ({@code statusCode}) or not at all ({@code error}). */
        static Attempt failed(
                long deliveryId,
                Instant at,
                Integer statusCode,
                long latencyMs,
                String error,
                String excerpt,
                String lastError,
                Instant nextAttemptAt) {
            return new Attempt(deliveryId, at, statusCode, latencyMs, error, excerpt, false, lastError, nextAttemptAt);
        }
    }

    /** The logical field both webhook secret columns hold (rotation moves a value from one to the other). */
    public static final String SECRET_FIELD = "merchants.webhook_secret";

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;

    public WebhookDeliveries(JdbcTemplate jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * One delivery per event and target (the payment's callback_url, else the merchant's webhook URL, if any), for a
     * whole batch of events in one statement; runs in the caller's transaction.
     */
    public void enqueueAll(List<Outbox.Event> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.update(con -> arrays(
                con.prepareStatement("""
                        INSERT INTO webhook_deliveries (public_id, event_id, merchant_id, mode, url, next_attempt_at)
                        SELECT e.public_id, e.event_id, m.id, e.mode, COALESCE(p.callback_url, m.webhook_url), now()
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])
                                 WITH ORDINALITY AS e(public_id, event_id, reference, merchant_id, mode, n)
                        JOIN merchants m ON m.id = e.merchant_id
                        LEFT JOIN payments p ON p.reference = e.reference AND p.merchant_id = m.id
                        WHERE COALESCE(p.callback_url, m.webhook_url) IS NOT NULL
                        ORDER BY e.n
                        ON CONFLICT ON CONSTRAINT webhook_deliveries_once DO NOTHING"""),
                con,
                events,
                column("text", e -> "whd_" + RandomIds.base62(20)),
                column("text", Outbox.Event::eventId),
                column("text", Outbox.Event::reference),
                column("bigint", Outbox.Event::merchantId),
                column("text", Outbox.Event::mode)));
    }

    /** Due deliveries, leased for {@code lease} so no other instance sends them meanwhile. */
    public List<Due> claimDue(int limit, Duration lease) {
        Map<String, String> secrets = new HashMap<>(); // a batch often holds one merchant many times: decrypt once
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
                                ? List.of(secrets.computeIfAbsent(rs.getString(5), this::secret))
                                : List.of(
                                        secrets.computeIfAbsent(rs.getString(5), this::secret),
                                        secrets.computeIfAbsent(rs.getString(6), this::secret)),
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

    /**
     * A batch of attempts in one statement (one commit): each is logged, and its delivery moves on (delivered, due
     * again later, or failed for good).
     */
    public void record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        jdbc.update(con -> arrays(
                con.prepareStatement("""
                        WITH attempt AS (
                            SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::int[], ?::int[], ?::text[], ?::text[],
                                                 ?::boolean[], ?::text[], ?::timestamptz[])
                                AS a(delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt,
                                     delivered, last_error, next_attempt_at)),
                        logged AS (
                            INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error,
                                                          response_excerpt)
                            SELECT delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt FROM attempt)
                        UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_status_code = a.status_code,
                            last_error = a.last_error,
                            status = CASE WHEN a.delivered THEN 'delivered'
                                          WHEN a.next_attempt_at IS NULL THEN 'failed' ELSE 'pending' END,
                            delivered_at = CASE WHEN a.delivered THEN a.attempted_at ELSE d.delivered_at END,
                            next_attempt_at = a.next_attempt_at
                        FROM attempt a WHERE d.id = a.delivery_id"""),
                con,
                attempts,
                column("bigint", Attempt::deliveryId),
                column("text", a -> a.attemptedAt().toString()),
                column("int4", Attempt::statusCode),
                column("int4", a -> (int) Math.min(a.latencyMs(), Integer.MAX_VALUE)),
                column("text", a -> truncate(a.error(), 255)),
                column("text", a -> truncate(a.responseExcerpt(), 512)),
                column("bool", Attempt::delivered),
                column("text", a -> truncate(a.lastError(), 255)),
                column(
                        "text",
                        a -> a.nextAttemptAt() == null
                                ? null
                                : a.nextAttemptAt().toString())));
    }

    /** One array parameter: its SQL element type and the value each row gives it (timestamps go as ISO-8601 text). */
    private record Column<T>(String type, Function<T, Object> value) {}

    private static <T> Column<T> column(String type, Function<T, Object> value) {
        return new Column<>(type, value);
    }

    @SafeVarargs
    private static <T> PreparedStatement arrays(
            PreparedStatement statement, Connection con, List<T> rows, Column<T>... columns) throws SQLException {
        for (int c = 0; c < columns.length; c++) {
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = columns[c].value().apply(rows.get(r));
            }
            statement.setArray(c + 1, con.createArrayOf(columns[c].type(), values));
        }
        return statement;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
