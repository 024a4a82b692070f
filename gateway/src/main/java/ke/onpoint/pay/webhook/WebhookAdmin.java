package ke.onpoint.pay.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.RowIdPaging;
import ke.onpoint.pay.api.WebUrls;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a merchant manages about its webhooks: the default URL, the signing secret (rotated with an overlap during
 * which both secrets sign), a test event, and its deliveries: listed, inspected attempt by attempt, replayed.
 * A merchant only ever sees its own.
 */
@Service
public class WebhookAdmin {

    private static final int MAX_PAGE = 100;
    private static final List<String> STATUSES = List.of("pending", "delivered", "failed");

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final Duration rotationOverlap;
    private final FieldCipher cipher;
    private final AuditTrail audit;

    public WebhookAdmin(
            JdbcTemplate jdbc,
            Outbox outbox,
            @Value("${onpoint.webhooks.rotation-overlap:24h}") Duration rotationOverlap,
            FieldCipher cipher,
            AuditTrail audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.outbox = outbox;
        this.rotationOverlap = rotationOverlap;
    }

    public Map<String, Object> settings(MerchantPrincipal merchant) {
        return jdbc.queryForObject(
                "SELECT webhook_url, previous_secret_expires_at FROM merchants WHERE id = ?",
                (rs, i) -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("url", rs.getString(1));
                    Timestamp overlap = rs.getTimestamp(2);
                    view.put(
                            "previous_secret_valid_until",
                            overlap == null || overlap.toInstant().isBefore(Instant.now())
                                    ? null
                                    : overlap.toInstant());
                    return view;
                },
                merchant.merchantId());
    }

    @Transactional
    public Map<String, Object> setUrl(MerchantPrincipal merchant, JsonNode body) {
        JsonNode url = body.get("url");
        if (url == null || !url.isTextual() || !WebUrls.isWebUrl(url.asText())) {
            throw ApiProblem.invalidField("url", WebUrls.RULE);
        }
        Map<String, Object> before = settings(merchant);
        jdbc.update(
                "UPDATE merchants SET webhook_url = ?, updated_at = now() WHERE id = ?",
                url.asText(),
                merchant.merchantId());
        Map<String, Object> after = settings(merchant);
        audit.record(
                merchant,
                AuditTrail.Entry.of("webhook.url_updated", "merchant", merchant.merchantPublicId())
                        .change(before, after));
        return after;
    }

    /** A new secret, shown once; the old one keeps signing for the overlap. */
    @Transactional
    public Map<String, Object> rotateSecret(MerchantPrincipal merchant) {
        String secret = "whsec_" + RandomIds.base62(32);
        Instant until = Instant.now().plus(rotationOverlap);
        jdbc.update(
                """
                UPDATE merchants SET previous_webhook_secret = webhook_secret, previous_secret_expires_at = ?,
                    webhook_secret = ?, updated_at = now() WHERE id = ?""",
                Timestamp.from(until),
                cipher.encrypt(WebhookDeliveries.SECRET_FIELD, secret),
                merchant.merchantId());
        audit.record(merchant, AuditTrail.Entry.of("webhook.secret_rotated", "merchant", merchant.merchantPublicId()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("secret", secret);
        view.put("previous_secret_valid_until", until);
        return view;
    }

    /** A {@code webhook.test} event through the same outbox and delivery path as real ones. */
    @Transactional
    public Map<String, Object> sendTest(MerchantPrincipal merchant) {
        String eventId = outbox.append(
                merchant.merchantId(),
                merchant.mode(),
                "test",
                "webhook.test",
                Map.of(
                        "message",
                        "This is a test event from OnPoint Pay",
                        "sent_at",
                        Instant.now().toString()));
        audit.record(merchant, AuditTrail.Entry.of("webhook.test_sent", "event", eventId));
        return Map.of("event_id", eventId);
    }

    public Map<String, Object> list(MerchantPrincipal merchant, String status, String limitText, String cursor) {
        int limit = RowIdPaging.limit(limitText, 20, MAX_PAGE);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.invalidField("status", "must be pending, delivered or failed");
        }
        long before = RowIdPaging.before(cursor);
        // the status is one of the three above, written into the statement (not "(? IS NULL OR status = ?)"): a
        // prepared statement's generic plan could not use the partial index of the deliveries not delivered, and a
        // rare status (pending, failed) would read every delivery the merchant ever had
        String byStatus = status == null ? "" : "AND d.status = '" + STATUSES.get(STATUSES.indexOf(status)) + "'";
        String sql = """
                SELECT d.id, d.public_id, d.event_id, o.event_type, o.aggregate_reference, d.url, d.status, d.attempts,
                       d.last_status_code, d.last_error, d.next_attempt_at, d.created_at, d.delivered_at
                FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id
                WHERE d.merchant_id = ? AND d.mode = ? %s AND d.id < ?
                ORDER BY d.id DESC LIMIT ?""".formatted(byStatus);
        List<Map<String, Object>> rows =
                jdbc.query(sql, (rs, i) -> row(rs), merchant.merchantId(), merchant.mode(), before, limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page.stream().peek(r -> r.remove("row_id")).toList());
        answer.put("has_more", more);
        answer.put(
                "next_cursor",
                more
                        ? String.valueOf(jdbc.queryForObject(
                                "SELECT id FROM webhook_deliveries WHERE public_id = ?",
                                Long.class,
                                page.get(page.size() - 1).get("id")))
                        : null);
        return answer;
    }

    public Map<String, Object> get(MerchantPrincipal merchant, String publicId) {
        Map<String, Object> delivery =
                jdbc.query("""
                SELECT d.id, d.public_id, d.event_id, o.event_type, o.aggregate_reference, d.url, d.status, d.attempts,
                       d.last_status_code, d.last_error, d.next_attempt_at, d.created_at, d.delivered_at
                FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id
                WHERE d.public_id = ? AND d.merchant_id = ? AND d.mode = ?""", (rs, i) -> row(rs), publicId, merchant.merchantId(), merchant.mode()).stream()
                        .findFirst()
                        .orElseThrow(() -> ApiProblem.notFound("No webhook delivery " + publicId));
        long id = (long) delivery.remove("row_id");
        delivery.put("attempts_log", jdbc.queryForList("""
                SELECT attempted_at, status_code, latency_ms, error, response_excerpt FROM webhook_attempts
                WHERE delivery_id = ? ORDER BY id""", id));
        return delivery;
    }

    /** Sends one delivery again now, with a fresh retry window. */
    @Transactional
    public Map<String, Object> replay(MerchantPrincipal merchant, String publicId) {
        int replayed = jdbc.update("""
                UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), window_started_at = now()
                WHERE public_id = ? AND merchant_id = ? AND mode = ?""", publicId, merchant.merchantId(), merchant.mode());
        if (replayed == 0) {
            throw ApiProblem.notFound("No webhook delivery " + publicId);
        }
        audit.record(merchant, AuditTrail.Entry.of("webhook.replayed", "webhook_delivery", publicId));
        return get(merchant, publicId);
    }

    /** Sends again every delivery of the merchant in a status (default failed) created within [from, to]. */
    @Transactional
    public Map<String, Object> replayRange(MerchantPrincipal merchant, JsonNode body) {
        Instant from = instant(body, "from");
        Instant to = instant(body, "to");
        String status = body.path("status").asText("failed");
        if (!List.of("failed", "delivered", "pending").contains(status)) {
            throw ApiProblem.invalidField("status", "must be failed, delivered or pending");
        }
        if (!from.isBefore(to)) {
            throw ApiProblem.invalidField("to", "must be after from");
        }
        int replayed = jdbc.update(
                """
                UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), window_started_at = now()
                WHERE merchant_id = ? AND mode = ? AND status = ? AND created_at >= ? AND created_at <= ?""", merchant.merchantId(), merchant.mode(), status, Timestamp.from(from), Timestamp.from(to));
        audit.record(
                merchant,
                AuditTrail.Entry.of("webhook.replayed_range", "webhook_deliveries", status)
                        .change(
                                null,
                                Map.of(
                                        "from",
                                        from.toString(),
                                        "to",
                                        to.toString(),
                                        "status",
                                        status,
                                        "replayed",
                                        replayed)));
        return Map.of("replayed", replayed);
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw ApiProblem.invalidField(field, "is required: an ISO-8601 time such as 2024-01-31T00:00:00Z");
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, "must be an ISO-8601 time such as 2024-01-31T00:00:00Z");
        }
    }

    private static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row_id", rs.getLong(1));
        row.put("id", rs.getString(2));
        row.put("event_id", rs.getString(3));
        row.put("event_type", rs.getString(4));
        row.put("reference", rs.getString(5));
        row.put("url", rs.getString(6));
        row.put("status", rs.getString(7));
        row.put("attempts", rs.getInt(8));
        row.put("last_status_code", rs.getObject(9));
        row.put("last_error", rs.getString(10));
        row.put(
                "next_attempt_at",
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());
        row.put("created_at", rs.getTimestamp(12).toInstant());
        row.put(
                "delivered_at",
                rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant());
        return row;
    }
}
