package ke.onpoint.pay.merchant;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Passwords;
import ke.onpoint.pay.security.RandomIds;
import ke.onpoint.pay.security.RefreshTokens;
import ke.onpoint.pay.security.Role;
import ke.onpoint.pay.security.SecurityProperties;
import ke.onpoint.pay.security.Sha256;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who use the dashboard: a merchant's users with their roles, and the gateway's admins. Owners invite
 * users (the invitation token is shown once to the owner, who passes it on) and remove them; a removed user's
 * sessions end at once. Owners change roles too; a merchant always keeps an active owner.
 */
@Service
public class MerchantUsers {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private final JdbcTemplate jdbc;
    private final Passwords passwords;
    private final RefreshTokens refreshTokens;
    private final AuditTrail audit;
    private final SecurityProperties properties;

    public MerchantUsers(
            JdbcTemplate jdbc,
            Passwords passwords,
            RefreshTokens refreshTokens,
            AuditTrail audit,
            SecurityProperties properties) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
        this.properties = properties;
    }

    /** A user as login needs it. */
    public record Account(
            long id, String publicId, Long merchantId, String email, String passwordHash, Role role, String status) {}

    public static boolean validEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
    }

    /** The principal of an active user in the mode asked for; empty if the user is gone or the merchant suspended. */
    public Optional<MerchantPrincipal> principal(String userPublicId, String mode) {
        return jdbc
                .query(
                        """
                SELECT u.id, u.email, u.role, m.id, m.public_id FROM users u LEFT JOIN merchants m ON m.id = u.merchant_id
                WHERE u.public_id = ? AND u.status = 'active' AND (u.merchant_id IS NULL OR m.status = 'active')""",
                        (rs, i) -> MerchantPrincipal.user(
                                rs.getLong(4),
                                rs.getString(5),
                                mode,
                                rs.getLong(1),
                                rs.getString(2),
                                Role.of(rs.getString(3)).orElseThrow()),
                        userPublicId)
                .stream()
                .findFirst();
    }

    public Optional<Account> findByEmail(String email) {
        return jdbc
                .query(
                        "SELECT id, public_id, merchant_id, email, password_hash, role, status FROM users "
                                + "WHERE lower(email) = lower(?) AND status <> 'removed'",
                        (rs, i) -> new Account(
                                rs.getLong(1),
                                rs.getString(2),
                                (Long) rs.getObject(3),
                                rs.getString(4),
                                rs.getString(5),
                                Role.of(rs.getString(6)).orElseThrow(),
                                rs.getString(7)),
                        email)
                .stream()
                .findFirst();
    }

    /** The public id of a user who may still hold a session. */
    public Optional<String> activePublicId(long userId) {
        return jdbc
                .queryForList("SELECT public_id FROM users WHERE id = ? AND status = 'active'", String.class, userId)
                .stream()
                .findFirst();
    }

    /** Creates an active user with a password (registration's owner, the command line's owner and admins). */
    public Account create(Long merchantId, String email, String password, Role role) {
        String problem = Passwords.weakness(password);
        if (problem != null) {
            throw ApiProblem.invalidField("password", problem);
        }
        String publicId = "usr_" + RandomIds.base62(16);
        try {
            long id = jdbc.queryForObject(
                    "INSERT INTO users (public_id, merchant_id, email, password_hash, role) "
                            + "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    Long.class,
                    publicId,
                    merchantId,
                    email.trim(),
                    passwords.hash(password),
                    role.code());
            return new Account(id, publicId, merchantId, email.trim(), null, role, "active");
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict(
                    "email-taken", "Email already registered", "An account with this email already exists", "email");
        }
    }

    public void loggedIn(Account account, String password) {
        if (passwords.needsUpgrade(account.passwordHash())) {
            jdbc.update("UPDATE users SET password_hash = ? WHERE id = ?", passwords.hash(password), account.id());
        }
        jdbc.update("UPDATE users SET last_login_at = now() WHERE id = ?", account.id());
    }

    public List<Map<String, Object>> list(long merchantId) {
        return jdbc.query(
                """
                SELECT public_id, email, role, status, created_at, last_login_at, invite_expires_at FROM users
                WHERE merchant_id = ? AND status <> 'removed' ORDER BY id""",
                (rs, i) -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", rs.getString(1));
                    view.put("email", rs.getString(2));
                    view.put("role", rs.getString(3));
                    view.put("status", rs.getString(4));
                    view.put("created_at", rs.getTimestamp(5).toInstant());
                    view.put(
                            "last_login_at",
                            rs.getTimestamp(6) == null
                                    ? null
                                    : rs.getTimestamp(6).toInstant());
                    view.put(
                            "invite_expires_at",
                            rs.getTimestamp(7) == null
                                    ? null
                                    : rs.getTimestamp(7).toInstant());
                    return view;
                },
                merchantId);
    }

    /** {@code {"email","role"}}: an invited user and, once, the token that lets them set a password. */
    @Transactional
    public Map<String, Object> invite(MerchantPrincipal owner, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String email =
                body.path("email").isTextual() ? body.get("email").asText().trim() : null;
        if (!validEmail(email)) {
            errors.add(new FieldError("email", "must be an email address"));
        }
        Optional<Role> role =
                body.path("role").isTextual() ? Role.of(body.get("role").asText()) : Optional.empty();
        if (role.isEmpty() || role.get() == Role.ADMIN) {
            errors.add(new FieldError("role", "must be owner, developer or viewer"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        String token = "inv_" + RandomIds.base62(32);
        Instant expires = Instant.now().plus(properties.inviteTtl());
        String publicId = "usr_" + RandomIds.base62(16);
        try {
            jdbc.update(
                    """
                    INSERT INTO users (public_id, merchant_id, email, role, status, invite_token_hash, invite_expires_at,
                                       invited_by)
                    VALUES (?, ?, ?, ?, 'invited', ?, ?, ?)""",
                    publicId,
                    owner.merchantId(),
                    email,
                    role.get().code(),
                    Sha256.of(token),
                    Timestamp.from(expires),
                    owner.userId());
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict(
                    "email-taken", "Email already registered", "An account with this email already exists", "email");
        }
        audit.record(
                owner,
                AuditTrail.Entry.of("user.invited", "user", publicId)
                        .change(null, Map.of("email", email, "role", role.get().code())));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", publicId);
        answer.put("email", email);
        answer.put("role", role.get().code());
        answer.put("status", "invited");
        answer.put("invite_token", token);
        answer.put("invite_expires_at", expires);
        return answer;
    }

    /** Sets the invited user's password; the account is then active. */
    @Transactional
    public Account acceptInvite(String token, String password) {
        String problem = Passwords.weakness(password);
        if (problem != null) {
            throw ApiProblem.invalidField("password", problem);
        }
        List<Account> invited = jdbc.query(
                """
                UPDATE users SET status = 'active', password_hash = ?, invite_token_hash = NULL, updated_at = now()
                WHERE invite_token_hash = ? AND status = 'invited' AND invite_expires_at > now()
                RETURNING id, public_id, merchant_id, email, role""",
                (rs, i) -> new Account(
                        rs.getLong(1),
                        rs.getString(2),
                        (Long) rs.getObject(3),
                        rs.getString(4),
                        null,
                        Role.of(rs.getString(5)).orElseThrow(),
                        "active"),
                passwords.hash(password),
                Sha256.of(token == null ? "" : token));
        if (invited.isEmpty()) {
            throw ApiProblem.invalidField("token", "is unknown, already used or expired");
        }
        return invited.get(0);
    }

    /** Removes a user of the owner's merchant; the last owner stays, so a merchant is never locked out. */
    @Transactional
    public Map<String, Object> remove(MerchantPrincipal owner, String publicId) {
        Map<String, Object> user = member(owner, publicId);
        long id = (long) user.get("id");
        if ("owner".equals(user.get("role"))) {
            keepAnotherOwner(owner.merchantId(), id, "Cannot remove the last owner", "id");
        }
        jdbc.update(
                "UPDATE users SET status = 'removed', invite_token_hash = NULL, updated_at = now() WHERE id = ?", id);
        refreshTokens.revokeUser(id);
        audit.record(
                owner,
                AuditTrail.Entry.of("user.removed", "user", publicId)
                        .change(
                                Map.of(
                                        "email",
                                        user.get("email"),
                                        "role",
                                        user.get("role"),
                                        "status",
                                        user.get("status")),
                                Map.of("status", "removed")));
        return Map.of("id", publicId, "status", "removed");
    }

    /**
     * {@code {"role"}}: makes a user of the owner's merchant an owner, developer or viewer. It takes effect on the
     * user's next call (the role is read per call); the last active owner stays an owner.
     */
    @Transactional
    public Map<String, Object> changeRole(MerchantPrincipal owner, String publicId, JsonNode body) {
        Optional<Role> role =
                body.path("role").isTextual() ? Role.of(body.get("role").asText()) : Optional.empty();
        if (role.isEmpty() || role.get() == Role.ADMIN) {
            throw ApiProblem.invalidField("role", "must be owner, developer or viewer");
        }
        Map<String, Object> user = member(owner, publicId);
        long id = (long) user.get("id");
        String before = (String) user.get("role");
        String after = role.get().code();
        if (!before.equals(after)) {
            if ("owner".equals(before)) {
                keepAnotherOwner(owner.merchantId(), id, "Cannot demote the last owner", "role");
            }
            jdbc.update("UPDATE users SET role = ?, updated_at = now() WHERE id = ?", after, id);
            audit.record(
                    owner,
                    AuditTrail.Entry.of("user.role_changed", "user", publicId)
                            .change(Map.of("role", before), Map.of("role", after)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", publicId);
        answer.put("email", user.get("email"));
        answer.put("role", after);
        answer.put("status", user.get("status"));
        return answer;
    }

    /**
     * A user of the owner's merchant (not removed); 404 when there is none. The merchant's row is locked first, so its
     * team changes run one at a time: two owners demoting or removing each other at once cannot both leave an owner
     * behind, and an owner demoted meanwhile is refused here, under the lock ({@code NO KEY UPDATE} does not conflict
     * with the key-share locks of inserts that reference the merchant, so payments go on meanwhile).
     */
    private Map<String, Object> member(MerchantPrincipal owner, String publicId) {
        long merchantId = owner.merchantId();
        jdbc.queryForList("SELECT id FROM merchants WHERE id = ? FOR NO KEY UPDATE", Long.class, merchantId);
        boolean stillOwner = !jdbc.queryForList(
                        "SELECT 1 FROM users WHERE id = ? AND role = 'owner' AND status = 'active'",
                        Integer.class,
                        owner.userId())
                .isEmpty();
        if (!stillOwner) {
            throw ApiProblem.forbidden("You are no longer an owner of this account");
        }
        return jdbc
                .query(
                        "SELECT id, email, role, status FROM users WHERE public_id = ? "
                                + "AND merchant_id = ? AND status <> 'removed'",
                        (rs, i) -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("id", rs.getLong(1));
                            row.put("email", rs.getString(2));
                            row.put("role", rs.getString(3));
                            row.put("status", rs.getString(4));
                            return row;
                        },
                        publicId,
                        merchantId)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No user " + publicId));
    }

    /** Refuses a change that would leave the merchant without an active owner other than {@code userId}. */
    private void keepAnotherOwner(long merchantId, long userId, String title, String field) {
        List<Long> owners = jdbc.queryForList(
                "SELECT id FROM users WHERE merchant_id = ? AND role = 'owner' AND status = 'active'",
                Long.class,
                merchantId);
        if (owners.stream().noneMatch(other -> other != userId)) {
            throw ApiProblem.conflict(
                    "last-owner", title, "A merchant keeps at least one owner; make another user owner first", field);
        }
    }
}
