package ke.onpoint.pay.settlement;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.InputText;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An admin stops a merchant's payouts (with a reason) and lets them go again. While paused, the settlement run holds
 * the merchant's settlements and the dispatch leaves its queued payouts where they are; both are audited.
 */
@Service
public class PayoutPauses {

    private static final int MAX_REASON = 255;

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;

    public PayoutPauses(JdbcTemplate jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** {@code {"reason":"…"}}. */
    @Transactional
    public Map<String, Object> pause(MerchantPrincipal admin, String merchantPublicId, JsonNode body) {
        JsonNode node = body.get("reason");
        String reason = node != null && node.isTextual() ? node.asText().trim() : "";
        if (reason.isEmpty()
                || reason.length() > MAX_REASON
                || InputText.defect(reason).isPresent()) {
            throw ApiProblem.invalidField(
                    "reason", "is required: why payouts stop (1 to " + MAX_REASON + " characters)");
        }
        return change(admin, merchantPublicId, true, reason, "merchant.payouts_paused");
    }

    @Transactional
    public Map<String, Object> resume(MerchantPrincipal admin, String merchantPublicId) {
        return change(admin, merchantPublicId, false, null, "merchant.payouts_resumed");
    }

    private Map<String, Object> change(
            MerchantPrincipal admin, String merchantPublicId, boolean paused, String reason, String action) {
        Map<String, Object> before = jdbc
                .query(
                        "SELECT id, payouts_paused, payouts_paused_reason FROM merchants WHERE public_id = ? FOR UPDATE",
                        (rs, i) -> view(rs.getLong(1), merchantPublicId, rs.getBoolean(2), rs.getString(3)),
                        merchantPublicId)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No merchant " + merchantPublicId));
        long merchantId = (Long) before.remove("id");
        jdbc.update(
                "UPDATE merchants SET payouts_paused = ?, payouts_paused_reason = ? WHERE id = ?",
                paused,
                reason,
                merchantId);
        Map<String, Object> after = view(merchantId, merchantPublicId, paused, reason);
        after.remove("id");
        audit.record(
                admin,
                merchantId,
                AuditTrail.Entry.of(action, "merchant", merchantPublicId).change(before, after));
        return after;
    }

    private static Map<String, Object> view(long id, String publicId, boolean paused, String reason) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("merchant_id", publicId);
        view.put("payouts_paused", paused);
        view.put("payouts_paused_reason", reason);
        return view;
    }
}
