package ke.onpoint.pay.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.InputText;
import ke.onpoint.pay.api.RowIdPaging;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The provider callbacks a person has to look at ({@link ProviderCallbacks}): those that matched nothing we started
 * ({@code unmatched}) and those held for review ({@code needs_review}: a payment reported at another amount or ids, see
 * {@link PaymentReviews}). An admin reads the kept payload and the payment it names, and resolves the callback with a
 * note saying what was found and done; the resolution is audited in its transaction. Nothing here moves money: what a
 * case needs (a refund, a merchant told) is done through its own service.
 *
 * <p>Refused callbacks ({@code rejected}: bad token, signature or address) can be listed too, but need no resolution:
 * anyone can post them, and their count is a metric.
 */
@Service
public class CallbackReviews {

    /** Which callbacks a listing shows. */
    public static final List<String> FILTERS = List.of("awaiting", "resolved", "rejected");

    static final int MAX_PAGE = 100;
    private static final int MAX_NOTE = 1000;

    private static final String ROW = """
            SELECT c.id, c.provider, c.kind, c.correlation_id, c.outcome, c.note, c.source_ip, c.payload, c.payload_length,
                   c.received_at, c.resolved_at, c.resolved_by, c.resolution_note
            FROM provider_callbacks c""";

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;

    public CallbackReviews(JdbcTemplate jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Newest first, paged by cursor: {@code awaiting} (default: unmatched or held, not resolved), {@code resolved}, or
     * {@code rejected}; optionally one provider's.
     */
    public Map<String, Object> page(String filter, String provider, String limitText, String cursor) {
        String wanted = filter == null || filter.isBlank() ? "awaiting" : filter;
        String where = switch (wanted) {
            case "awaiting" -> "c.outcome IN ('unmatched', 'needs_review') AND c.resolved_at IS NULL";
            case "resolved" -> "c.outcome IN ('unmatched', 'needs_review') AND c.resolved_at IS NOT NULL";
            case "rejected" -> "c.outcome = 'rejected'";
            default -> throw ApiProblem.invalidField("status", "must be one of " + FILTERS);
        };
        int limit = RowIdPaging.limit(limitText, 25, MAX_PAGE);
        long before = RowIdPaging.before(cursor);
        String only = provider == null || provider.isBlank() ? null : provider;
        List<Map<String, Object>> rows = jdbc.query(
                ROW + " WHERE " + where
                        + " AND (?::text IS NULL OR c.provider = ?) AND c.id < ? ORDER BY c.id DESC LIMIT ?",
                (rs, i) -> view(rs, false),
                only,
                only,
                before,
                limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page);
        answer.put("has_more", more);
        answer.put(
                "next_cursor",
                more ? String.valueOf(id((String) page.get(page.size() - 1).get("id"))) : null);
        return answer;
    }

    /** How many wait for a person (any age). */
    public long awaiting() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM provider_callbacks WHERE outcome IN ('unmatched', 'needs_review') "
                        + "AND resolved_at IS NULL",
                Long.class);
    }

    /** One callback with its kept payload and the payment its correlation id names, if any. */
    public Map<String, Object> get(String publicId) {
        Map<String, Object> callback =
                jdbc.query(ROW + " WHERE c.id = ?", (rs, i) -> view(rs, true), id(publicId)).stream()
                        .findFirst()
                        .orElseThrow(() -> ApiProblem.notFound("No provider callback " + publicId));
        callback.put("payment", payment((String) callback.get("correlation_id")));
        return callback;
    }

    /** {@code {"note"}}: closes an unmatched or held callback; one resolved already is a 409. Audited. */
    @Transactional
    public Map<String, Object> resolve(MerchantPrincipal admin, String publicId, JsonNode body) {
        JsonNode given = body.get("note");
        String note = given != null && given.isTextual() ? given.asText().trim() : "";
        if (note.isEmpty()) {
            throw ApiProblem.invalidField("note", "is required: say what was found and done");
        }
        if (note.length() > MAX_NOTE || InputText.defect(note).isPresent()) {
            throw ApiProblem.invalidField("note", "must be text of at most " + MAX_NOTE + " characters");
        }
        long id = id(publicId);
        Map<String, Object> before = jdbc
                .query(
                        "SELECT outcome, resolved_at FROM provider_callbacks WHERE id = ? FOR UPDATE",
                        (rs, i) -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("outcome", rs.getString(1));
                            row.put("resolved", rs.getTimestamp(2) != null);
                            return row;
                        },
                        id)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No provider callback " + publicId));
        String outcome = (String) before.get("outcome");
        if (!outcome.equals("unmatched") && !outcome.equals("needs_review")) {
            throw ApiProblem.conflict(
                    "callback-not-for-review",
                    "Nothing to resolve",
                    "Callback " + publicId + " was " + outcome + "; only unmatched callbacks and those held for review"
                            + " are resolved",
                    null);
        }
        if ((Boolean) before.get("resolved")) {
            throw ApiProblem.conflict(
                    "callback-already-resolved",
                    "Already resolved",
                    "Callback " + publicId + " is resolved already",
                    null);
        }
        jdbc.update(
                "UPDATE provider_callbacks SET resolved_at = now(), resolved_by = ?, resolution_note = ? WHERE id = ?",
                admin.actor(),
                note,
                id);
        Map<String, Object> after = get(publicId);
        Map<String, Object> payment = castMap(after.get("payment"));
        audit.record(
                admin,
                AuditTrail.Entry.of("provider_callback.resolved", "provider_callback", publicId)
                        .change(
                                Map.of("outcome", outcome, "resolved", false),
                                Map.of(
                                        "resolved",
                                        true,
                                        "note",
                                        note,
                                        "payment",
                                        payment == null ? "" : payment.get("reference"))));
        return after;
    }

    /** The payment a callback names: by checkout request id (STK), our reference (cards) or the provider's id. */
    private Map<String, Object> payment(String correlationId) {
        if (correlationId == null || correlationId.isBlank()) {
            return null;
        }
        return jdbc
                .query(
                        """
                SELECT p.reference, m.public_id, m.name, p.mode, p.payment_method, p.status, p.amount_minor, p.currency,
                       p.failure_code, p.failure_reason, p.created_at
                FROM payments p JOIN merchants m ON m.id = p.merchant_id
                WHERE p.checkout_request_id = ? OR p.reference = ? OR p.provider_transaction_id = ?
                ORDER BY p.id DESC LIMIT 1""",
                        (rs, i) -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("reference", rs.getString(1));
                            view.put("merchant_id", rs.getString(2));
                            view.put("merchant_name", rs.getString(3));
                            view.put("mode", rs.getString(4));
                            view.put("payment_method", rs.getString(5));
                            view.put("status", rs.getString(6));
                            view.put("amount", Money.toMajor(rs.getLong(7)));
                            view.put("currency", rs.getString(8));
                            view.put("failure_code", rs.getString(9));
                            view.put("failure_reason", rs.getString(10));
                            view.put("created_at", rs.getTimestamp(11).toInstant());
                            return view;
                        },
                        correlationId,
                        correlationId,
                        correlationId)
                .stream()
                .findFirst()
                .orElse(null);
    }

    /** {@code cb_123} → 123: the row id, named with a prefix like every other id the API shows. */
    static long id(String publicId) {
        if (publicId != null && publicId.startsWith("cb_")) {
            try {
                long id = Long.parseLong(publicId.substring(3));
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // not ours: a 404 like any unknown id
            }
        }
        throw ApiProblem.notFound("No provider callback " + publicId);
    }

    private static Map<String, Object> view(ResultSet rs, boolean withPayload) throws SQLException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", "cb_" + rs.getLong(1));
        view.put("provider", rs.getString(2));
        view.put("kind", rs.getString(3));
        view.put("correlation_id", rs.getString(4));
        view.put("outcome", rs.getString(5));
        view.put("note", rs.getString(6));
        view.put("source_ip", rs.getString(7));
        if (withPayload) {
            view.put("payload", rs.getString(8));
        }
        view.put("payload_length", rs.getObject(9));
        view.put("received_at", instant(rs.getTimestamp(10)));
        view.put("resolved_at", instant(rs.getTimestamp(11)));
        view.put("resolved_by", rs.getString(12));
        view.put("resolution_note", rs.getString(13));
        return view;
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
