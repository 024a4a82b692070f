package ke.onpoint.pay.merchant;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Merchants and their secret API keys. */
@Service
public class MerchantAccounts {

    public static final List<String> ALL_SCOPES = List.of("payments:write", "payments:read", "refunds:write",
            "webhooks:manage");
    private static final long LAST_USED_RESOLUTION_MS = 60_000;

    private final JdbcTemplate jdbc;
    /** When this JVM last wrote a key's last_used_at: at most one write a minute per key, not one per request. */
    private final ConcurrentHashMap<Long, Long> lastUsedWritten = new ConcurrentHashMap<>();

    public MerchantAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record NewMerchant(long id, String publicId, String name, String email, String secretKey, String keyPrefix,
            String c2bAccount) {
    }

    /** Creates a merchant and its first test-mode key; the key is returned once and only its hash is kept. */
    @Transactional
    public NewMerchant create(String name, String email) {
        String publicId = "mch_" + ApiKeySecrets.randomBase62(16);
        long id;
        try {
            id = jdbc.queryForObject("INSERT INTO merchants (public_id, name, email, c2b_account, webhook_secret) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING id", Long.class, publicId, name, email, newC2bAccount(),
                    "whsec_" + ApiKeySecrets.randomBase62(32));
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("A merchant with email " + email + " already exists", e);
        }
        String secret = issueKey(id, "Default test key", "test", ALL_SCOPES);
        String account = jdbc.queryForObject("SELECT c2b_account FROM merchants WHERE id = ?", String.class, id);
        return new NewMerchant(id, publicId, name, email, secret, ApiKeySecrets.prefix(secret), account);
    }

    /** The account number customers enter at the paybill: 8 characters, no 0/O or 1/I to mistype. */
    static String newC2bAccount() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder account = new StringBuilder();
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 8; i++) {
            account.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return account.toString();
    }

    public String issueKey(long merchantId, String name, String mode, List<String> scopes) {
        String secret = ApiKeySecrets.generate(mode);
        jdbc.update("INSERT INTO api_keys (public_id, merchant_id, name, mode, prefix, key_hash, scopes) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::text[])",
                "key_" + ApiKeySecrets.randomBase62(16), merchantId, name, mode, ApiKeySecrets.prefix(secret),
                ApiKeySecrets.hash(secret), "{" + String.join(",", scopes) + "}");
        return secret;
    }

    /** The active merchant behind a secret key, if the key exists and is not revoked. */
    public Optional<MerchantPrincipal> authenticate(String secret) {
        List<MerchantPrincipal> found = jdbc.query("""
                SELECT k.id, k.merchant_id, m.public_id, k.mode, k.prefix, k.scopes
                FROM api_keys k JOIN merchants m ON m.id = k.merchant_id
                WHERE k.key_hash = ? AND k.revoked_at IS NULL AND m.status = 'active'""",
                (rs, i) -> new MerchantPrincipal(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(1),
                        rs.getString(5), Set.of((String[]) rs.getArray(6).getArray())),
                ApiKeySecrets.hash(secret));
        found.stream().findFirst().ifPresent(p -> touch(p.keyId()));
        return found.stream().findFirst();
    }

    private void touch(long keyId) {
        long now = System.currentTimeMillis();
        Long previous = lastUsedWritten.get(keyId);
        if (previous == null || now - previous > LAST_USED_RESOLUTION_MS) {
            lastUsedWritten.put(keyId, now);
            jdbc.update("UPDATE api_keys SET last_used_at = now() WHERE id = ?", keyId);
        }
    }
}
