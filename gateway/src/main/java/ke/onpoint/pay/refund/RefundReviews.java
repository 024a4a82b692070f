package ke.onpoint.pay.refund;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.api.InputText;
import ke.onpoint.pay.api.RowIdPaging;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refunds held for review: those the provider never confirmed receiving after every allowed attempt (an M-Pesa
 * reversal without a readable answer). Their amount stays reserved on the payment, because the money may have moved.
 * An admin checks with the provider (the M-Pesa org portal, the processor's dashboard) and records the verdict with a
 * note: {@code processed} posts the refund as a provider's confirmation would; {@code failed} gives the reservation
 * back. The merchant is told by the usual {@code refund.processed} / {@code refund.failed} webhook; the verdict is
 * audited as {@code refund.resolved} in the same transaction.
 */
@Service
public class RefundReviews {

    static final int MAX_PAGE = 100;
    private static final int MAX_NOTE = 1000;
    private static final List<String> OUTCOMES = List.of(Refund.PROCESSED, Refund.FAILED);

    private static final String ROW = """
            SELECT r.id, r.reference, p.reference, p.merchant_reference, m.public_id, m.name, p.mode, r.provider,
                   r.amount_minor, r.currency, r.reason, r.status, r.failure_code, r.failure_reason, r.created_at,
                   r.updated_at, p.amount_minor, p.refunded_minor
            FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN merchants m ON m.id = r.merchant_id""";

    private final JdbcTemplate jdbc;
    private final RefundRepository refunds;
    private final RefundService service;
    private final AuditTrail audit;

    public RefundReviews(JdbcTemplate jdbc, RefundRepository refunds, RefundService service, AuditTrail audit) {
        this.jdbc = jdbc;
        this.refunds = refunds;
        this.service = service;
        this.audit = audit;
    }

    /** The refunds awaiting a verdict, oldest first (the longest-held money first), paged by cursor. */
    public Map<String, Object> page(String limitText, String cursor) {
        int limit = RowIdPaging.limit(limitText, 25, MAX_PAGE);
        long after = RowIdPaging.after(cursor);
        List<Map<String, Object>> rows = jdbc.query(
                ROW + " WHERE r.status = 'needs_review' AND r.id > ? ORDER BY r.id LIMIT ?",
                (rs, i) -> view(rs),
                after,
                limit + 1);
        boolean more = rows.size() > limit;
        List<Map<String, Object>> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> answer = new LinkedHashMap<>();
        String next = more ? String.valueOf(page.get(limit - 1).get("row_id")) : null;
        page.forEach(row -> row.remove("row_id"));
        answer.put("data", page);
        answer.put("has_more", more);
        answer.put("next_cursor", next);
        return answer;
    }

    /** How many refunds wait for a verdict. */
    public long awaiting() {
        return jdbc.queryForObject("SELECT count(*) FROM refunds WHERE status = 'needs_review'", Long.class);
    }

    /**
     * {@code {"outcome": "processed" | "failed", "note"}}: a person's verdict on a refund held for review. A refund not
     * held (pending, or decided already) is a 409; an unknown one a 404. Nothing is written when refused.
     */
    @Transactional
    public Map<String, Object> resolve(MerchantPrincipal admin, String reference, JsonNode body) {
        JsonNode given = body.get("outcome");
        String outcome = given != null && given.isTextual() ? given.asText() : null;
        JsonNode noteNode = body.get("note");
        String note =
                noteNode != null && noteNode.isTextual() ? noteNode.asText().trim() : "";
        List<FieldError> errors = new ArrayList<>();
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            errors.add(new FieldError("outcome", "must be processed (the money reached the customer) or failed"));
        }
        if (note.isEmpty()) {
            errors.add(new FieldError("note", "is required: say what the provider's records show"));
        } else if (note.length() > MAX_NOTE || InputText.defect(note).isPresent()) {
            errors.add(new FieldError("note", "must be text of at most " + MAX_NOTE + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        Refund refund =
                refunds.lockByReference(reference).orElseThrow(() -> ApiProblem.notFound("No refund " + reference));
        if (!Refund.NEEDS_REVIEW.equals(refund.status())) {
            throw ApiProblem.conflict(
                    "refund-not-in-review",
                    "Nothing to resolve",
                    "Refund " + reference + " is " + refund.status() + "; only refunds held for review are resolved",
                    null);
        }
        boolean processed = Refund.PROCESSED.equals(outcome);
        Refund decided = service.finishReview(refund, processed, note).orElseThrow();
        audit.record(
                admin,
                AuditTrail.Entry.of("refund.resolved", "refund", reference)
                        .change(Map.of("status", refund.status()), Map.of("status", decided.status(), "note", note)));
        Map<String, Object> answer = jdbc.queryForObject(ROW + " WHERE r.id = ?", (rs, i) -> view(rs), decided.id());
        answer.remove("row_id");
        return answer;
    }

    private static Map<String, Object> view(ResultSet rs) throws SQLException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("row_id", rs.getLong(1));
        view.put("refund_reference", rs.getString(2));
        view.put("reference", rs.getString(3));
        view.put("merchant_reference", rs.getString(4));
        view.put("merchant_id", rs.getString(5));
        view.put("merchant_name", rs.getString(6));
        view.put("mode", rs.getString(7));
        view.put("provider", rs.getString(8));
        view.put("amount", Money.toMajor(rs.getLong(9)));
        view.put("currency", rs.getString(10));
        view.put("reason", rs.getString(11));
        view.put("status", rs.getString(12));
        view.put("failure_code", rs.getString(13));
        view.put("failure_reason", rs.getString(14));
        view.put("created_at", rs.getTimestamp(15).toInstant());
        view.put("updated_at", rs.getTimestamp(16).toInstant());
        view.put("payment_amount", Money.toMajor(rs.getLong(17)));
        view.put("payment_amount_refunded", Money.toMajor(rs.getLong(18)));
        return view;
    }
}
