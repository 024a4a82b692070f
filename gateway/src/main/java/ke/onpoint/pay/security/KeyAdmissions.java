package ke.onpoint.pay.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import ke.onpoint.pay.merchant.ApiKeySecrets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything an API-key request needs from the database in one round trip: the key and its merchant (not revoked,
 * merchant active), whether the source address is on the merchant's allow-list (PostgreSQL's {@code inet}
 * containment), and — only for an allowed address — the request counted in the key's per-second and per-minute
 * windows. Every API call pays this once, so it is one statement rather than three.
 */
@Component
public class KeyAdmissions {

    private static final String ADMIT = """
            WITH key AS (
                SELECT k.id, k.merchant_id, m.public_id, k.mode, k.prefix, k.scopes, m.rate_per_second, m.rate_per_minute,
                       coalesce(cardinality(m.ip_allowlist) = 0 OR ?::inet <<= ANY (m.ip_allowlist::inet[]), false) AS allowed
                FROM api_keys k JOIN merchants m ON m.id = k.merchant_id
                WHERE k.key_hash = ? AND k.revoked_at IS NULL AND m.status = 'active'),
            counted AS (
                INSERT INTO rate_limit_windows AS w (bucket, window_start, hits)
                SELECT 'key:' || key.id || p.suffix, date_trunc(p.unit, now()), 1
                FROM key, (VALUES (':s', 'second'), (':m', 'minute')) AS p (suffix, unit)
                WHERE key.allowed
                ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
                RETURNING bucket, hits, window_start)
            SELECT key.*, s.hits,
                   ceil(extract(epoch FROM s.window_start + interval '1 second' - now()))::int,
                   m.hits,
                   ceil(extract(epoch FROM m.window_start + interval '1 minute' - now()))::int
            FROM key LEFT JOIN counted s ON s.bucket LIKE '%:s' LEFT JOIN counted m ON m.bucket LIKE '%:m'""";

    private final JdbcTemplate jdbc;

    public KeyAdmissions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A window's count after this request, and the seconds until it ends. */
    public record Window(int hits, int secondsLeft) {}

    /** A valid key's holder; the windows are null when the address was refused (nothing was counted). */
    public record Admission(
            MerchantPrincipal principal,
            boolean addressAllowed,
            Integer perSecondLimit,
            Integer perMinuteLimit,
            Window second,
            Window minute) {}

    public Optional<Admission> admit(String secret, String address) {
        String inet = CallbackSources.isIpLiteral(address) ? address : null; // anything else would fail the ::inet cast
        List<Admission> found = jdbc.query(
                ADMIT,
                (rs, i) -> new Admission(
                        MerchantPrincipal.apiKey(
                                rs.getLong("merchant_id"),
                                rs.getString("public_id"),
                                rs.getString("mode"),
                                rs.getLong("id"),
                                rs.getString("prefix"),
                                Set.of((String[]) rs.getArray("scopes").getArray())),
                        rs.getBoolean("allowed"),
                        rs.getObject("rate_per_second", Integer.class),
                        rs.getObject("rate_per_minute", Integer.class),
                        rs.getObject(10) == null ? null : new Window(rs.getInt(10), rs.getInt(11)),
                        rs.getObject(12) == null ? null : new Window(rs.getInt(12), rs.getInt(13))),
                inet,
                ApiKeySecrets.hash(secret));
        return found.stream().findFirst();
    }
}
