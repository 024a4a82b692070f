package ke.onpoint.pay.merchant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.PhoneNumbers;
import ke.onpoint.pay.security.CallbackSources;
import ke.onpoint.pay.security.EncryptedColumns;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import ke.onpoint.pay.security.RandomIds;
import ke.onpoint.pay.webhook.WebhookDeliveries;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Merchants, their profile and IP allow-list, and their secret API keys. */
@Service
public class MerchantAccounts implements EncryptedColumns {

    public static final List<String> ALL_SCOPES = Permissions.KEY_SCOPES;
    static final String PHONE_FIELD = "merchants.phone";
    private static final long LAST_USED_RESOLUTION_MS = 60_000;
    private static final int MAX_ALLOWLIST = 50;

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final AuditTrail audit;
    /** When this JVM last wrote a key's last_used_at: at most one write a minute per key, not one per request. */
    private final ConcurrentHashMap<Long, Long> lastUsedWritten = new ConcurrentHashMap<>();

    public MerchantAccounts(JdbcTemplate jdbc, FieldCipher cipher, AuditTrail audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
    }

    @Override
    public Table encryptedColumns() {
        return new Table(
                "merchants",
                Map.of(
                        "phone",
                        PHONE_FIELD,
                        "webhook_secret",
                        WebhookDeliveries.SECRET_FIELD,
                        "previous_webhook_secret",
                        WebhookDeliveries.SECRET_FIELD),
                null);
    }

    public record NewMerchant(
            long id,
            String publicId,
            String name,
            String email,
            String secretKey,
            String keyPrefix,
            String c2bAccount) {}

    /** Creates a merchant and its first test-mode key (the command line and tests); the key is returned once. */
    @Transactional
    public NewMerchant create(String name, String email) {
        NewMerchant merchant = register(name, email, null);
        String secret = issueKey(merchant.id(), "Default test key", "test", ALL_SCOPES, null);
        return new NewMerchant(
                merchant.id(),
                merchant.publicId(),
                name,
                email,
                secret,
                ApiKeySecrets.prefix(secret),
                merchant.c2bAccount());
    }

    /** Creates a merchant without keys (self-registration: its owner creates them after logging in). */
    @Transactional
    public NewMerchant register(String name, String email, String phone) {
        String publicId = "mch_" + RandomIds.base62(16);
        long id;
        try {
            id = jdbc.queryForObject(
                    "INSERT INTO merchants (public_id, name, email, phone, c2b_account, webhook_secret) "
                            + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    Long.class,
                    publicId,
                    name,
                    email,
                    cipher.encrypt(PHONE_FIELD, phone),
                    newC2bAccount(),
                    cipher.encrypt(WebhookDeliveries.SECRET_FIELD, "whsec_" + RandomIds.base62(32)));
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("A merchant with email " + email + " already exists", e);
        }
        String account = jdbc.queryForObject("SELECT c2b_account FROM merchants WHERE id = ?", String.class, id);
        return new NewMerchant(id, publicId, name, email, null, null, account);
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

    public String issueKey(long merchantId, String name, String mode, List<String> scopes, Long createdBy) {
        String secret = ApiKeySecrets.generate(mode);
        jdbc.update(
                "INSERT INTO api_keys (public_id, merchant_id, name, mode, prefix, key_hash, scopes, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::text[], ?)",
                "key_" + RandomIds.base62(16),
                merchantId,
                name,
                mode,
                ApiKeySecrets.prefix(secret),
                ApiKeySecrets.hash(secret),
                "{" + String.join(",", scopes) + "}",
                createdBy);
        return secret;
    }

    /** Records that a key was used (last_used_at), at most once a minute per key and instance. */
    public void noteUse(long keyId) {
        long now = System.currentTimeMillis();
        Long previous = lastUsedWritten.get(keyId);
        if (previous == null || now - previous > LAST_USED_RESOLUTION_MS) {
            lastUsedWritten.put(keyId, now);
            jdbc.update("UPDATE api_keys SET last_used_at = now() WHERE id = ?", keyId);
        }
    }

    // ---- the merchant's profile ----

    public Map<String, Object> view(long merchantId) {
        return jdbc
                .query(
                        """
                SELECT public_id, name, email, phone, status, kyc_status, c2b_account, webhook_url, ip_allowlist, created_at
                FROM merchants WHERE id = ?""",
                        (rs, i) -> {
                            Map<String, Object> view = new LinkedHashMap<>();
                            view.put("id", rs.getString(1));
                            view.put("business_name", rs.getString(2));
                            view.put("email", rs.getString(3));
                            view.put("phone", cipher.decrypt(PHONE_FIELD, rs.getString(4)));
                            view.put("status", rs.getString(5));
                            view.put("kyc_status", rs.getString(6));
                            view.put("c2b_account", rs.getString(7));
                            view.put("webhook_url", rs.getString(8));
                            view.put("ip_allowlist", List.of((String[])
                                    rs.getArray(9).getArray()));
                            view.put("created_at", rs.getTimestamp(10).toInstant());
                            return view;
                        },
                        merchantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No such merchant"));
    }

    /** PATCH: {@code business_name} and {@code phone}; unknown fields are refused, not ignored. */
    @Transactional
    public Map<String, Object> update(MerchantPrincipal who, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("business_name") && !field.equals("phone")) {
                errors.add(new FieldError(field, "cannot be changed here"));
            }
        });
        String name = null;
        String phone = null;
        if (body.has("business_name")) {
            name = body.get("business_name").isTextual()
                    ? body.get("business_name").asText().trim()
                    : "";
            if (name.isEmpty() || name.length() > 200) {
                errors.add(new FieldError("business_name", "must be text of 1 to 200 characters"));
            }
        }
        if (body.has("phone")) {
            phone = body.get("phone").isTextual()
                    ? PhoneNumbers.normalise(body.get("phone").asText()).orElse(null)
                    : null;
            if (phone == null) {
                errors.add(
                        new FieldError("phone", "must be a Kenyan mobile number such as 0712345678 or 254712345678"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        Map<String, Object> before = view(who.merchantId());
        jdbc.update(
                "UPDATE merchants SET name = COALESCE(?, name), phone = COALESCE(?, phone), updated_at = now() "
                        + "WHERE id = ?",
                name,
                cipher.encrypt(PHONE_FIELD, phone),
                who.merchantId());
        Map<String, Object> after = view(who.merchantId());
        audit.record(
                who,
                AuditTrail.Entry.of("merchant.updated", "merchant", who.merchantPublicId())
                        .change(before, after));
        return after;
    }

    /** Replaces the IP allow-list for API keys: IPv4/IPv6 addresses or CIDR blocks; empty allows any address. */
    @Transactional
    public Map<String, Object> setIpAllowlist(MerchantPrincipal who, JsonNode body) {
        JsonNode cidrs = body.get("cidrs");
        if (cidrs == null || !cidrs.isArray() || cidrs.size() > MAX_ALLOWLIST) {
            throw ApiProblem.invalidField(
                    "cidrs", "must be a list of at most " + MAX_ALLOWLIST + " IP addresses or CIDR blocks");
        }
        Set<String> rules = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            JsonNode rule = cidrs.get(i);
            if (!rule.isTextual() || !validRule(rule.asText().trim())) {
                errors.add(new FieldError(
                        "cidrs[" + i + "]", "must be an IP address or CIDR block such as 196.201.214.0/24"));
            } else {
                rules.add(rule.asText().trim());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        List<String> before = allowlist(who.merchantId());
        jdbc.update(
                "UPDATE merchants SET ip_allowlist = ?::text[], updated_at = now() WHERE id = ?",
                "{" + String.join(",", rules) + "}",
                who.merchantId());
        audit.record(
                who,
                AuditTrail.Entry.of("merchant.ip_allowlist_updated", "merchant", who.merchantPublicId())
                        .change(Map.of("cidrs", before), Map.of("cidrs", List.copyOf(rules))));
        return Map.of("cidrs", List.copyOf(rules));
    }

    private List<String> allowlist(long merchantId) {
        return jdbc.queryForObject(
                "SELECT ip_allowlist FROM merchants WHERE id = ?",
                (rs, i) -> List.of((String[]) rs.getArray(1).getArray()),
                merchantId);
    }

    /** A rule is valid when its own network address matches it: the matcher then reads it the same way. */
    static boolean validRule(String rule) {
        int slash = rule.indexOf('/');
        return rule.length() <= 50 && CallbackSources.matches(rule, slash < 0 ? rule : rule.substring(0, slash));
    }

    // ---- API keys ----

    public List<Map<String, Object>> listKeys(long merchantId) {
        return jdbc.query(KEY_VIEW + " WHERE k.merchant_id = ? ORDER BY k.id DESC", (rs, i) -> keyView(rs), merchantId);
    }

    /** A page of the merchant's keys of one mode, newest first. */
    public record KeyPage(List<Map<String, Object>> data, boolean hasMore, String nextCursor) {}

    /** The merchant's keys of one mode, newest first: {@code limit} (up to 100) and {@code cursor}. */
    public KeyPage listKeys(long merchantId, String mode, QueryParameters query) {
        int limit = query.limit(KEYS_PAGE, MAX_KEYS_PAGE);
        Long before = query.cursor(KEY_CURSOR);
        query.check();
        List<Long> ids = new ArrayList<>();
        List<Map<String, Object>> rows = jdbc.query(
                KEY_VIEW + " WHERE k.merchant_id = ? AND k.mode = ? AND k.id < ? ORDER BY k.id DESC LIMIT ?",
                (rs, i) -> {
                    ids.add(rs.getLong(10));
                    return keyView(rs);
                },
                merchantId,
                mode,
                before == null ? Long.MAX_VALUE : before,
                limit + 1);
        boolean more = rows.size() > limit;
        return new KeyPage(
                more ? rows.subList(0, limit) : rows,
                more,
                more ? QueryParameters.cursor(KEY_CURSOR, ids.get(limit - 1)) : null);
    }

    /** One key of the merchant, revoked or not. */
    public Map<String, Object> key(long merchantId, String publicId) {
        return jdbc
                .query(
                        KEY_VIEW + " WHERE k.public_id = ? AND k.merchant_id = ?",
                        (rs, i) -> keyView(rs),
                        publicId,
                        merchantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No API key " + publicId));
    }

    private static final int KEYS_PAGE = 20;
    private static final int MAX_KEYS_PAGE = 100;
    private static final char KEY_CURSOR = 'k';

    private static final String KEY_VIEW = """
            SELECT k.public_id, k.name, k.mode, k.prefix, k.scopes, k.created_at, u.email, k.last_used_at, k.revoked_at,
                   k.id
            FROM api_keys k LEFT JOIN users u ON u.id = k.created_by""";

    private static Map<String, Object> keyView(ResultSet rs) throws SQLException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rs.getString(1));
        view.put("name", rs.getString(2));
        view.put("mode", rs.getString(3));
        view.put("prefix", rs.getString(4));
        view.put("scopes", List.of((String[]) rs.getArray(5).getArray()));
        view.put("created_at", rs.getTimestamp(6).toInstant());
        view.put("created_by", rs.getString(7));
        view.put("last_used_at", instant(rs.getTimestamp(8)));
        view.put("revoked_at", instant(rs.getTimestamp(9)));
        return view;
    }

    /** {@code {"name","mode","scopes"}}: the secret is in this answer only. Live keys need approved KYC. */
    @Transactional
    public Map<String, Object> createKey(MerchantPrincipal who, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String name = body.path("name").isTextual() ? body.get("name").asText().trim() : "";
        if (name.isEmpty() || name.length() > 100) {
            errors.add(new FieldError("name", "must be text of 1 to 100 characters"));
        }
        String mode = body.path("mode").isTextual() ? body.get("mode").asText() : "";
        if (!mode.equals("test") && !mode.equals("live")) {
            errors.add(new FieldError("mode", "must be test or live"));
        }
        Set<String> scopes = new LinkedHashSet<>();
        JsonNode given = body.get("scopes");
        if (given == null || !given.isArray() || given.isEmpty()) {
            errors.add(new FieldError("scopes", "must list at least one of " + ALL_SCOPES));
        } else {
            for (int i = 0; i < given.size(); i++) {
                if (!given.get(i).isTextual()
                        || !ALL_SCOPES.contains(given.get(i).asText())) {
                    errors.add(new FieldError("scopes[" + i + "]", "must be one of " + ALL_SCOPES));
                } else {
                    scopes.add(given.get(i).asText());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        if (mode.equals("live")) {
            String kyc = jdbc.queryForObject(
                    "SELECT kyc_status FROM merchants WHERE id = ? FOR UPDATE", String.class, who.merchantId());
            if (!"approved".equals(kyc)) {
                throw new ApiProblem(
                        403,
                        "kyc-required",
                        "KYC approval required",
                        "Live keys can be created once the merchant's KYC documents are approved (KYC status: " + kyc
                                + ")",
                        List.of(new FieldError("mode", "live needs approved KYC")));
            }
        }
        String secret =
                issueKey(who.merchantId(), name, mode, List.copyOf(scopes), who.userId() == 0 ? null : who.userId());
        Map<String, Object> view = jdbc.query(
                        KEY_VIEW + " WHERE k.key_hash = ?", (rs, i) -> keyView(rs), ApiKeySecrets.hash(secret))
                .get(0);
        audit.record(
                who,
                AuditTrail.Entry.of("api_key.created", "api_key", (String) view.get("id"))
                        .change(
                                null,
                                Map.of(
                                        "name",
                                        name,
                                        "mode",
                                        mode,
                                        "prefix",
                                        view.get("prefix"),
                                        "scopes",
                                        List.copyOf(scopes))));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", view.get("id"));
        answer.put("key", secret);
        answer.putAll(view);
        return answer;
    }

    /** Revokes a key of the caller's merchant; from this moment every instance refuses it. */
    @Transactional
    public Map<String, Object> revokeKey(MerchantPrincipal who, String publicId) {
        int revoked = jdbc.update(
                "UPDATE api_keys SET revoked_at = now(), revoked_by = ? WHERE public_id = ? "
                        + "AND merchant_id = ? AND revoked_at IS NULL",
                who.userId() == 0 ? null : who.userId(),
                publicId,
                who.merchantId());
        Map<String, Object> view = key(who.merchantId(), publicId);
        if (revoked == 1) {
            audit.record(
                    who,
                    AuditTrail.Entry.of("api_key.revoked", "api_key", publicId)
                            .change(
                                    null,
                                    Map.of(
                                            "prefix",
                                            view.get("prefix"),
                                            "revoked_at",
                                            String.valueOf(view.get("revoked_at")))));
        }
        return view;
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
