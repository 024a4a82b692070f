package ke.onpoint.pay.audit;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes audit records. Callers write them inside the transaction of the change they describe, so a change and its
 * record commit or roll back together. The table refuses UPDATE and DELETE (see V9).
 */
@Component
public class AuditTrail {

    private final JdbcTemplate jdbc;
    private final ApiJson json;

    public AuditTrail(JdbcTemplate jdbc, ApiJson json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What was done, to what: {@code target} is the public id or reference of the object acted on. */
    public record Entry(String action, String targetType, String target, Object before, Object after) {
        public static Entry of(String action, String targetType, String target) {
            return new Entry(action, targetType, target, null, null);
        }

        public Entry change(Object before, Object after) {
            return new Entry(action, targetType, target, before, after);
        }
    }

    public void record(MerchantPrincipal who, Entry entry) {
        Long merchant = who.merchantId() == 0 ? null : who.merchantId();
        insert(merchant, who.actorType(), who.actor(), entry, who.sourceIp(), who.requestId());
    }

    /** For a merchant the caller acts on but does not belong to (an admin's KYC decision). */
    public void record(MerchantPrincipal who, long merchantId, Entry entry) {
        insert(merchantId, who.actorType(), who.actor(), entry, who.sourceIp(), who.requestId());
    }

    /** Before anyone is authenticated (a login, a registration): the actor is what they claimed to be. */
    public void recordAnonymous(Long merchantId, String claimedActor, Entry entry, String sourceIp, String requestId) {
        insert(merchantId, "anonymous", claimedActor, entry, sourceIp, requestId);
    }

    public void recordUser(Long merchantId, String email, Entry entry, String sourceIp, String requestId) {
        insert(merchantId, "user", email, entry, sourceIp, requestId);
    }

    /** An operator's command run from the jar (no login, no request): the actor is the operating-system user. */
    public void recordSystem(String actor, Entry entry) {
        insert(null, "system", actor, entry, null, null);
    }

    private void insert(
            Long merchantId, String actorType, String actor, Entry entry, String sourceIp, String requestId) {
        jdbc.update(
                """
                INSERT INTO audit_logs (merchant_id, actor_type, actor, action, target_type, target, before, after,
                                        source_ip, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""",
                merchantId,
                actorType,
                actor == null ? "unknown" : truncate(actor, 254),
                entry.action(),
                entry.targetType(),
                entry.target(),
                entry.before() == null ? null : json.write(entry.before()),
                entry.after() == null ? null : json.write(entry.after()),
                sourceIp,
                requestId);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
