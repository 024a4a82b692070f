package ke.onpoint.pay.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A payment's story as the database recorded it, oldest first: its initiation and the provider's answer, the
 * provider's callbacks (also those refused or ignored), M-Pesa status queries, the events it raised, the webhook
 * deliveries of those events with every attempt, and its refunds. Read-only; every statement is bounded by the
 * payment (its id, its reference or the ids its provider gave it) over an index. An archived payment's story is read
 * from the archive tables, which keep the live tables' columns (V25, and V31's indexes for these lookups).
 */
@Component
public class PaymentTimeline {

    static final int MAX_PER_KIND = 100;

    private final JdbcTemplate jdbc;

    public PaymentTimeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a payment's rows are: the live tables, or the archive's copies of them. */
    private record Tables(
            String payments,
            String statusQueries,
            String refunds,
            String refundProviderIds,
            String events,
            String deliveries,
            String attempts,
            String callbacks) {

        static final Tables LIVE = of("");
        static final Tables ARCHIVE = of("archive_");

        private static Tables of(String prefix) {
            return new Tables(
                    prefix + "payments",
                    prefix + "status_queries",
                    prefix + "refunds",
                    prefix + "refund_provider_ids",
                    prefix + "outbox_events",
                    prefix + "webhook_deliveries",
                    prefix + "webhook_attempts",
                    prefix + "provider_callbacks");
        }
    }

    /** One thing that happened. {@code kind} styles it; {@code lines} are its details (a delivery's attempts). */
    public record Entry(Instant at, String kind, String title, String detail, List<String> lines, String payload) {}

    /** The payment's own row, as far as the timeline needs it, and the tables it and its story are in. */
    private record Row(
            Tables tables,
            long id,
            String reference,
            String provider,
            String method,
            long amountMinor,
            String currency,
            Instant createdAt,
            String checkoutRequestId,
            String merchantRequestId,
            String providerTransactionId,
            String receipt,
            String customerMessage,
            String authorizationUrl) {}

    public List<Entry> of(MerchantPrincipal merchant, String reference) {
        List<Row> rows = find(Tables.LIVE, merchant, reference);
        if (rows.isEmpty()) {
            rows = find(Tables.ARCHIVE, merchant, reference);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Row payment = rows.get(0);
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(
                payment.createdAt(),
                "initiated",
                "Payment initiated",
                Formats.INSTANCE.money(payment.amountMinor(), payment.currency()) + " by "
                        + ("mpesa".equals(payment.method()) ? "M-Pesa" : "card") + " through " + payment.provider(),
                List.of(),
                null));
        answer(payment).ifPresent(entries::add);
        entries.addAll(statusQueries(payment));
        entries.addAll(refunds(payment));
        entries.addAll(events(merchant, payment));
        entries.addAll(deliveries(merchant, payment));
        entries.addAll(callbacks(payment));
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    private List<Row> find(Tables tables, MerchantPrincipal merchant, String reference) {
        return jdbc.query(
                """
                SELECT id, reference, provider, payment_method, amount_minor, currency, created_at, checkout_request_id,
                       merchant_request_id, provider_transaction_id, provider_receipt, customer_message, authorization_url
                FROM %s WHERE merchant_id = ? AND mode = ? AND (reference = ? OR merchant_reference = ?)
                ORDER BY (reference = ?) DESC LIMIT 1""".formatted(tables.payments()),
                (rs, i) -> new Row(
                        tables,
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(13)),
                merchant.merchantId(),
                merchant.mode(),
                reference,
                reference,
                reference);
    }

    /** What the provider answered the initiation (its ids are on the payment; the answer came as it was created). */
    private static java.util.Optional<Entry> answer(Row payment) {
        List<String> lines = new ArrayList<>();
        if (payment.checkoutRequestId() != null) {
            lines.add("CheckoutRequestID " + payment.checkoutRequestId());
        }
        if (payment.merchantRequestId() != null) {
            lines.add("MerchantRequestID " + payment.merchantRequestId());
        }
        if (payment.authorizationUrl() != null) {
            lines.add("Checkout page issued");
        }
        if (lines.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Entry(
                payment.createdAt().plusNanos(1000),
                "answer",
                "Provider accepted the request",
                payment.customerMessage(),
                lines,
                null));
    }

    private List<Entry> statusQueries(Row payment) {
        return jdbc.query(
                """
                SELECT conversation_id, status, result_code, result_desc, transaction_status, requested_at, answered_at
                FROM %s WHERE payment_id = ? ORDER BY requested_at LIMIT ?""".formatted(payment.tables().statusQueries()),
                (rs, i) -> new Entry(
                        rs.getTimestamp("requested_at").toInstant(),
                        "check",
                        "Status check with M-Pesa (Transaction Status): " + rs.getString("status"),
                        join(rs.getString("transaction_status"), rs.getString("result_desc")),
                        answered(rs),
                        null),
                payment.id(),
                MAX_PER_KIND);
    }

    private static List<String> answered(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp("answered_at");
        List<String> lines = new ArrayList<>();
        lines.add("ConversationID " + rs.getString("conversation_id"));
        if (at != null) {
            lines.add("Answered " + Formats.INSTANCE.exactTime(at.toInstant()) + " (result "
                    + rs.getString("result_code") + ")");
        }
        return lines;
    }

    private List<Entry> refunds(Row payment) {
        List<Entry> entries = new ArrayList<>();
        jdbc.query(
                """
                SELECT reference, amount_minor, currency, reason, status, failure_reason, created_at, updated_at,
                       processed_at
                FROM %s WHERE payment_id = ? ORDER BY id LIMIT ?""".formatted(payment.tables().refunds()),
                rs -> {
                    String amount = Formats.INSTANCE.money(rs.getLong("amount_minor"), rs.getString("currency"));
                    String reason = rs.getString("reason");
                    entries.add(new Entry(
                            rs.getTimestamp("created_at").toInstant(),
                            "refund",
                            "Refund " + rs.getString("reference") + " of " + amount + " requested",
                            reason == null ? null : "Reason: " + reason,
                            List.of(),
                            null));
                    String status = rs.getString("status");
                    if (!"pending".equals(status)) {
                        Timestamp at = rs.getTimestamp("processed_at");
                        entries.add(new Entry(
                                (at != null ? at : rs.getTimestamp("updated_at")).toInstant(),
                                "refund",
                                "Refund " + rs.getString("reference") + " " + status.replace('_', ' '),
                                rs.getString("failure_reason"),
                                List.of(),
                                null));
                    }
                },
                payment.id(),
                MAX_PER_KIND);
        return entries;
    }

    private List<Entry> events(MerchantPrincipal merchant, Row payment) {
        return jdbc.query(
                """
                SELECT event_type, event_id, created_at FROM %s
                WHERE aggregate_reference = ? AND merchant_id = ? ORDER BY id LIMIT ?""".formatted(payment.tables().events()),
                (rs, i) -> new Entry(
                        rs.getTimestamp("created_at").toInstant(),
                        "event",
                        "Event " + rs.getString("event_type"),
                        null,
                        List.of("Event id " + rs.getString("event_id")),
                        null),
                payment.reference(),
                merchant.merchantId(),
                MAX_PER_KIND);
    }

    private List<Entry> deliveries(MerchantPrincipal merchant, Row payment) {
        Tables t = payment.tables();
        Map<Long, List<String>> attempts = new java.util.HashMap<>();
        jdbc.query(
                """
                SELECT a.delivery_id, a.attempted_at, a.status_code, a.latency_ms, a.error
                FROM %s a JOIN %s d ON d.id = a.delivery_id JOIN %s o ON o.event_id = d.event_id
                WHERE o.aggregate_reference = ? AND o.merchant_id = ? ORDER BY a.id LIMIT ?""".formatted(t.attempts(), t.deliveries(), t.events()),
                rs -> {
                    Integer code = (Integer) rs.getObject("status_code");
                    String error = rs.getString("error");
                    attempts.computeIfAbsent(rs.getLong("delivery_id"), id -> new ArrayList<>())
                            .add("Attempt at "
                                    + Formats.INSTANCE.exactTime(
                                            rs.getTimestamp("attempted_at").toInstant())
                                    + ": " + (code == null ? "no answer" : "HTTP " + code) + " in "
                                    + rs.getInt("latency_ms") + " ms" + (error == null ? "" : " (" + error + ")"));
                },
                payment.reference(),
                merchant.merchantId(),
                MAX_PER_KIND * 4);
        return jdbc.query(
                """
                SELECT d.id, d.url, d.status, d.attempts, d.created_at, d.next_attempt_at, o.event_type
                FROM %s d JOIN %s o ON o.event_id = d.event_id
                WHERE o.aggregate_reference = ? AND o.merchant_id = ? ORDER BY d.id LIMIT ?""".formatted(t.deliveries(), t.events()),
                (rs, i) -> {
                    Timestamp next = rs.getTimestamp("next_attempt_at");
                    String status = rs.getString("status");
                    return new Entry(
                            rs.getTimestamp("created_at").toInstant(),
                            "webhook",
                            "Webhook " + rs.getString("event_type") + " " + status + " (" + rs.getInt("attempts")
                                    + (rs.getInt("attempts") == 1 ? " attempt)" : " attempts)"),
                            rs.getString("url")
                                    + ("pending".equals(status) && next != null
                                            ? "; next attempt " + Formats.INSTANCE.exactTime(next.toInstant())
                                            : ""),
                            attempts.getOrDefault(rs.getLong("id"), List.of()),
                            null);
                },
                payment.reference(),
                merchant.merchantId(),
                MAX_PER_KIND);
    }

    /** Callbacks that name the payment by any id it has: its provider's, its status queries', its refunds'. */
    private List<Entry> callbacks(Row payment) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(payment.reference());
        ids.add(payment.checkoutRequestId());
        ids.add(payment.providerTransactionId());
        ids.add(payment.receipt());
        Tables t = payment.tables();
        ids.addAll(jdbc.queryForList(
                "SELECT conversation_id FROM %s WHERE payment_id = ?".formatted(t.statusQueries()),
                String.class,
                payment.id()));
        ids.addAll(jdbc.queryForList(
                """
                SELECT reference FROM %s WHERE payment_id = ?
                UNION SELECT i.provider_refund_id FROM %s i JOIN %s r ON r.id = i.refund_id
                WHERE r.payment_id = ?""".formatted(t.refunds(), t.refundProviderIds(), t.refunds()),
                String.class,
                payment.id(),
                payment.id()));
        ids.removeIf(Objects::isNull);
        return jdbc.query(
                """
                SELECT provider, kind, outcome, note, payload, payload_length, received_at FROM %s
                WHERE correlation_id = ANY (?) ORDER BY id LIMIT ?""".formatted(t.callbacks()),
                (rs, i) -> new Entry(
                        rs.getTimestamp("received_at").toInstant(),
                        "callback",
                        "Callback from " + rs.getString("provider") + " ("
                                + rs.getString("kind").replace('_', ' ') + "): "
                                + rs.getString("outcome").replace('_', ' '),
                        rs.getString("note"),
                        List.of(),
                        rs.getString("payload")),
                ids.toArray(String[]::new),
                MAX_PER_KIND);
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + ": " + second;
    }
}
