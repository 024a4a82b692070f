package ke.onpoint.pay.mpesa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.merchant.OwnShortcodes;
import ke.onpoint.pay.ops.ShortLivedCache;
import ke.onpoint.pay.security.EncryptedColumns;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A merchant's own Lipa na M-Pesa shortcode and passkey (linked by Safaricom to the gateway's Daraja app): its STK
 * pushes and queries then use them, and the money goes to its paybill. Without one, the gateway's shortcode is used.
 * The passkey is encrypted at rest and never shown again, only its last four characters. Each instance keeps what it
 * read for 5 s (every push asks), so a change reaches the other instances within that.
 */
@Service
public class MerchantShortcodes implements EncryptedColumns, OwnShortcodes {

    public static final String SECRETS_FIELD = "merchant_provider_credentials.secrets";
    static final String PROVIDER = "mpesa";

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final DarajaProfiles profiles;
    private final AuditTrail audit;
    /** A merchant's own shortcode per mode ("merchant:mode"), as read within the last 5 s (asked on every push). */
    private final ShortLivedCache<String, Optional<Shortcode>> own = new ShortLivedCache<>(5_000);

    public MerchantShortcodes(JdbcTemplate jdbc, FieldCipher cipher, DarajaProfiles profiles, AuditTrail audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.profiles = profiles;
        this.audit = audit;
    }

    @Override
    public Table encryptedColumns() {
        return new Table("merchant_provider_credentials", Map.of("secrets", SECRETS_FIELD), null);
    }

    /**
     * What a payment's Daraja requests carry: the profile of its mode (which Daraja), the shortcode with its passkey,
     * and the party that receives the money.
     */
    public record Shortcode(DarajaProfile profile, String shortcode, String passkey, String partyB) {}

    public Shortcode forMerchant(long merchantId, String mode) {
        DarajaProfile profile = profiles.forMode(mode)
                .orElseThrow(() -> new DarajaUnavailableException(
                        "Test-mode M-Pesa is not configured on this gateway (MPESA_TEST_ENV=none)"));
        return own.get(merchantId + ":" + mode, key -> read(profile, merchantId, mode))
                .orElseGet(() -> new Shortcode(profile, profile.shortcode(), profile.passkey(), profile.partyB()));
    }

    private Optional<Shortcode> read(DarajaProfile profile, long merchantId, String mode) {
        return jdbc
                .query(
                        "SELECT shortcode, secrets FROM merchant_provider_credentials WHERE merchant_id = ? "
                                + "AND provider = ? AND mode = ?",
                        (rs, i) -> new Shortcode(
                                profile,
                                rs.getString(1),
                                cipher.decrypt(SECRETS_FIELD, rs.getString(2)),
                                rs.getString(1)),
                        merchantId,
                        PROVIDER,
                        mode)
                .stream()
                .findFirst();
    }

    /** {@code {"mode":"test|live","shortcode":"600100","passkey":"…"}}. */
    @Override
    @Transactional
    public Map<String, Object> set(MerchantPrincipal owner, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String mode = body.path("mode").asText("");
        if (!mode.equals("test") && !mode.equals("live")) {
            errors.add(new FieldError("mode", "must be test or live"));
        }
        String shortcode = body.path("shortcode").isTextual()
                ? body.get("shortcode").asText().trim()
                : "";
        if (!shortcode.matches("\\d{5,7}")) {
            errors.add(new FieldError("shortcode", "must be a paybill shortcode of 5 to 7 digits"));
        }
        String passkey =
                body.path("passkey").isTextual() ? body.get("passkey").asText().trim() : "";
        if (passkey.length() < 16 || passkey.length() > 128 || !passkey.matches("[0-9A-Za-z]+")) {
            errors.add(new FieldError(
                    "passkey", "must be the Lipa na M-Pesa passkey Safaricom issued (16 to 128 letters and digits)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        String before = jdbc
                .queryForList(
                        "SELECT shortcode FROM merchant_provider_credentials WHERE merchant_id = ? "
                                + "AND provider = ? AND mode = ?",
                        String.class,
                        owner.merchantId(),
                        PROVIDER,
                        mode)
                .stream()
                .findFirst()
                .orElse(null);
        jdbc.update("""
                INSERT INTO merchant_provider_credentials (merchant_id, provider, mode, shortcode, secrets)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, provider, mode) DO UPDATE SET shortcode = EXCLUDED.shortcode,
                    secrets = EXCLUDED.secrets, updated_at = now()""", owner.merchantId(), PROVIDER, mode, shortcode, cipher.encrypt(SECRETS_FIELD, passkey));
        own.forget(owner.merchantId() + ":" + mode); // other instances follow within 5 s
        Map<String, Object> after = Map.of("mode", mode, "shortcode", shortcode, "passkey", masked(passkey));
        audit.record(
                owner,
                AuditTrail.Entry.of("merchant.mpesa_shortcode_set", "merchant", owner.merchantPublicId())
                        .change(before == null ? null : Map.of("mode", mode, "shortcode", before), after));
        return after;
    }

    @Override
    public Map<String, Object> list(long merchantId) {
        List<Map<String, Object>> rows = jdbc.query(
                "SELECT mode, shortcode, secrets, updated_at FROM "
                        + "merchant_provider_credentials WHERE merchant_id = ? AND provider = ? ORDER BY mode",
                (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("mode", rs.getString(1));
                    row.put("shortcode", rs.getString(2));
                    row.put("passkey", masked(cipher.decrypt(SECRETS_FIELD, rs.getString(3))));
                    row.put("updated_at", rs.getTimestamp(4).toInstant());
                    return row;
                },
                merchantId,
                PROVIDER);
        return Map.of("data", rows, "default_shortcode", profiles.live().shortcode());
    }

    /** Back to the gateway's shortcode for this mode. */
    @Override
    @Transactional
    public Map<String, Object> remove(MerchantPrincipal owner, String mode) {
        int removed = jdbc.update(
                "DELETE FROM merchant_provider_credentials WHERE merchant_id = ? AND provider = ? " + "AND mode = ?",
                owner.merchantId(),
                PROVIDER,
                mode);
        if (removed == 0) {
            throw ApiProblem.notFound("No own M-Pesa shortcode in " + mode + " mode");
        }
        own.forget(owner.merchantId() + ":" + mode);
        audit.record(
                owner,
                AuditTrail.Entry.of("merchant.mpesa_shortcode_removed", "merchant", owner.merchantPublicId())
                        .change(Map.of("mode", mode), null));
        return Map.of("mode", mode, "removed", true);
    }

    static String masked(String secret) {
        return "…" + secret.substring(Math.max(0, secret.length() - 4));
    }
}
