package ke.onpoint.pay.merchant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.payment.PhoneNumbers;
import ke.onpoint.pay.security.LoginThrottle;
import ke.onpoint.pay.security.Passwords;
import ke.onpoint.pay.security.RefreshTokens;
import ke.onpoint.pay.security.Role;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration, login, token refresh, logout and invitation acceptance: the answers carry
 * {@code {"tokens":{"access","refresh"},"merchant":{…},"user":{…}}}. A failed login says only that the email or
 * password is wrong (never which), costs the same time for an unknown email, and counts towards the throttle.
 */
@Service
public class Logins {

    private final MerchantAccounts accounts;
    private final MerchantUsers users;
    private final Passwords passwords;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    public Logins(
            MerchantAccounts accounts,
            MerchantUsers users,
            Passwords passwords,
            RefreshTokens refreshTokens,
            LoginThrottle throttle,
            AuditTrail audit,
            TransactionTemplate transactions) {
        this.accounts = accounts;
        this.users = users;
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Where a request came from, for the throttle and the audit trail (a dashboard session keeps its sign-in's). */
    public record Origin(String ip, String requestId) implements java.io.Serializable {}

    /** {@code {"business_name","email","password","phone"}}: a merchant, its owner, and a session. */
    public Map<String, Object> register(JsonNode body, Origin origin) {
        return register(
                text(body, "business_name"),
                text(body, "email"),
                text(body, "password"),
                text(body, "phone"),
                origin,
                this::session);
    }

    /**
     * The one registration, for the JSON API and the dashboard's sign-up page: the checks, the merchant and its owner,
     * the {@code merchant.registered} audit entry; {@code then} runs in that transaction.
     */
    public <T> T register(
            String name,
            String email,
            String password,
            String phoneText,
            Origin origin,
            java.util.function.Function<MerchantUsers.Account, T> then) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new FieldError("business_name", "must be text of 1 to 200 characters"));
        }
        if (!MerchantUsers.validEmail(email)) {
            errors.add(new FieldError("email", "must be an email address"));
        }
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            errors.add(new FieldError("password", weakness));
        }
        Optional<String> phone = phoneText == null ? Optional.empty() : PhoneNumbers.normalise(phoneText);
        if (phone.isEmpty()) {
            errors.add(new FieldError("phone", "must be a Kenyan mobile number such as 0712345678 or 254712345678"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return transactions.execute(tx -> {
            if (users.findByEmail(email).isPresent()) {
                throw ApiProblem.conflict(
                        "email-taken",
                        "Email already registered",
                        "An account with this email already exists",
                        "email");
            }
            MerchantAccounts.NewMerchant merchant;
            try {
                merchant = accounts.register(name.trim(), email.trim(), phone.get());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.conflict(
                        "email-taken",
                        "Email already registered",
                        "A merchant with this email already exists",
                        "email");
            }
            MerchantUsers.Account owner = users.create(merchant.id(), email, password, Role.OWNER);
            audit.recordUser(
                    merchant.id(),
                    owner.email(),
                    AuditTrail.Entry.of("merchant.registered", "merchant", merchant.publicId())
                            .change(null, Map.of("business_name", name.trim(), "email", email.trim())),
                    origin.ip(),
                    origin.requestId());
            return then.apply(owner);
        });
    }

    public Map<String, Object> login(JsonNode body, Origin origin) {
        return authenticate(text(body, "email"), text(body, "password"), origin, this::session);
    }

    /**
     * The one login check, for the JSON login and the dashboard's sign-in form: the throttle, the Argon2id
     * comparison (as costly for an unknown email), the {@code auth.login_failed} or {@code auth.login} audit entry.
     * On success {@code then} runs in the transaction that records the login (opening the session it answers with).
     *
     * @throws ApiProblem 422 without an email or password, 429 while throttled, 401 when either is wrong
     */
    public <T> T authenticate(
            String email, String password, Origin origin, java.util.function.Function<MerchantUsers.Account, T> then) {
        List<FieldError> errors = new ArrayList<>();
        if (email == null || email.isBlank() || email.length() > 254) {
            errors.add(new FieldError("email", "is required"));
        }
        if (password == null || password.isEmpty() || password.length() > Passwords.MAX_LENGTH) {
            errors.add(new FieldError("password", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        throttle.checkAllowed(email, origin.ip());
        Optional<MerchantUsers.Account> account = users.findByEmail(email).filter(a -> "active".equals(a.status()));
        boolean matches = passwords.matches(
                password, account.map(MerchantUsers.Account::passwordHash).orElse(null));
        if (!matches) {
            transactions.executeWithoutResult(tx -> {
                throttle.failed(email, origin.ip());
                audit.recordAnonymous(
                        account.map(MerchantUsers.Account::merchantId).orElse(null),
                        email,
                        AuditTrail.Entry.of(
                                "auth.login_failed",
                                "user",
                                account.map(MerchantUsers.Account::publicId).orElse(null)),
                        origin.ip(),
                        origin.requestId());
            });
            throw new ApiProblem(401, "invalid-credentials", "Login failed", "The email or password is wrong", null);
        }
        MerchantUsers.Account user = account.get();
        return transactions.execute(tx -> {
            throttle.succeeded(email);
            users.loggedIn(user, password);
            audit.recordUser(
                    user.merchantId(),
                    user.email(),
                    AuditTrail.Entry.of("auth.login", "user", user.publicId()),
                    origin.ip(),
                    origin.requestId());
            return then.apply(user);
        });
    }

    /** {@code {"refresh"}} → {@code {"access","refresh"}}; the refresh token given is spent. */
    public Map<String, Object> refresh(JsonNode body, Origin origin) {
        String token = text(body, "refresh");
        if (token == null || token.isBlank()) {
            throw ApiProblem.invalidField("refresh", "is required");
        }
        RefreshTokens.Rotation rotation = refreshTokens
                .rotate(token, users::activePublicId)
                .orElseThrow(() ->
                        ApiProblem.unauthorized("The refresh token is invalid, expired or revoked; log in again"));
        if (rotation.reused()) {
            audit.recordAnonymous(
                    null,
                    "refresh token of user " + rotation.userId(),
                    AuditTrail.Entry.of("auth.refresh_reused", "session", null),
                    origin.ip(),
                    origin.requestId());
            throw ApiProblem.unauthorized("This refresh token was already used; every session it belongs to has been "
                    + "ended. Log in again");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access", rotation.tokens().access());
        answer.put("refresh", rotation.tokens().refresh());
        return answer;
    }

    public Map<String, Object> logout(JsonNode body, Origin origin) {
        String token = text(body, "refresh");
        if (token == null || token.isBlank()) {
            throw ApiProblem.invalidField("refresh", "is required");
        }
        boolean ended = refreshTokens.revoke(token);
        if (ended) {
            audit.recordAnonymous(
                    null,
                    "session",
                    AuditTrail.Entry.of("auth.logout", "session", null),
                    origin.ip(),
                    origin.requestId());
        }
        return Map.of("logged_out", ended);
    }

    /** {@code {"token","password"}}: an invited user sets a password and is logged in. */
    public Map<String, Object> acceptInvite(JsonNode body, Origin origin) {
        return acceptInvite(text(body, "token"), text(body, "password"), origin, this::session);
    }

    /**
     * The one acceptance of an invitation, for the JSON API and the dashboard's page: the password is set, the
     * account active, the {@code user.invite_accepted} audit entry written; {@code then} runs in that transaction.
     */
    public <T> T acceptInvite(
            String token, String password, Origin origin, java.util.function.Function<MerchantUsers.Account, T> then) {
        return transactions.execute(tx -> {
            MerchantUsers.Account user = users.acceptInvite(token, password);
            audit.recordUser(
                    user.merchantId(),
                    user.email(),
                    AuditTrail.Entry.of("user.invite_accepted", "user", user.publicId()),
                    origin.ip(),
                    origin.requestId());
            return then.apply(user);
        });
    }

    private Map<String, Object> session(MerchantUsers.Account user) {
        RefreshTokens.Pair pair = refreshTokens.open(user.id(), user.publicId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tokens", Map.of("access", pair.access(), "refresh", pair.refresh()));
        answer.put("merchant", user.merchantId() == null ? null : accounts.view(user.merchantId()));
        answer.put(
                "user",
                Map.of(
                        "id",
                        user.publicId(),
                        "email",
                        user.email(),
                        "role",
                        user.role().code()));
        return answer;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
