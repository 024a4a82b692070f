package ke.onpoint.pay.security;

import java.util.Locale;
import java.util.regex.Pattern;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.ApiKeySecrets;
import ke.onpoint.pay.merchant.MerchantAccounts;
import ke.onpoint.pay.merchant.MerchantUsers;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Authenticates every merchant-facing API call and checks what it asks to do. Credentials are a bearer token:
 * a secret API key ({@code sk_test_…}/{@code sk_live_…}: the merchant's IP allow-list and rate limits apply, the
 * key's scopes decide) or a dashboard access token (a JWT: the user's role decides, at the time of the call).
 * The principal, with the source address and request id, is left on the exchange for the route and the audit trail.
 */
@Component
public class Callers {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final MerchantAccounts accounts;
    private final MerchantUsers users;
    private final SessionTokens tokens;
    private final ClientAddresses addresses;
    private final RateLimits rateLimits;
    private final KeyAdmissions keys;

    public Callers(
            MerchantAccounts accounts,
            MerchantUsers users,
            SessionTokens tokens,
            ClientAddresses addresses,
            RateLimits rateLimits,
            KeyAdmissions keys) {
        this.keys = keys;
        this.accounts = accounts;
        this.users = users;
        this.tokens = tokens;
        this.addresses = addresses;
        this.rateLimits = rateLimits;
    }

    /** An API key with this scope (payment initiation: never a dashboard login). */
    public MerchantPrincipal apiKey(Exchange exchange, String scope) {
        return admit(exchange, scope, true, false);
    }

    /** An API key with this scope, or a dashboard user whose role allows it. */
    public MerchantPrincipal keyOrUser(Exchange exchange, String permission) {
        return admit(exchange, permission, true, true);
    }

    /** A dashboard user whose role allows it. */
    public MerchantPrincipal user(Exchange exchange, String permission) {
        return admit(exchange, permission, false, true);
    }

    private MerchantPrincipal admit(Exchange exchange, String permission, boolean keys, boolean logins) {
        String token = bearer(exchange);
        String address = addresses.of(exchange);
        MerchantPrincipal principal;
        if (token.startsWith("sk_")) {
            if (!keys) {
                throw ApiProblem.unauthorized(
                        "This API takes a dashboard login (the access token from /auth/login), not an API key");
            }
            principal = keyHolder(token, address);
        } else {
            if (!logins) {
                throw ApiProblem.unauthorized("This API takes a secret API key (sk_test_… or sk_live_…)");
            }
            SessionTokens.Claims claims = tokens.verify(token, "access")
                    .orElseThrow(() -> ApiProblem.unauthorized(
                            "The access token is invalid or has expired; log in or refresh it"));
            principal = users.principal(claims.subject(), mode(exchange))
                    .orElseThrow(() -> ApiProblem.unauthorized("This user no longer has access"));
        }
        if (!principal.allows(permission)) {
            throw ApiProblem.forbidden(
                    principal.userId() != 0
                            ? "Your role (" + principal.role().code() + ") does not allow this"
                            : "This API key lacks the '" + permission + "' scope");
        }
        principal = principal.from(address, requestId(exchange));
        exchange.setProperty(MerchantPrincipal.PROPERTY, principal);
        return principal;
    }

    private MerchantPrincipal keyHolder(String secret, String address) {
        if (!ApiKeySecrets.FORMAT.matcher(secret).matches()) {
            throw ApiProblem.unauthorized("The API key is malformed; keys look like sk_test_… or sk_live_…");
        }
        KeyAdmissions.Admission admission = keys.admit(secret, address)
                .orElseThrow(() -> ApiProblem.unauthorized("The API key is unknown or revoked"));
        if (!admission.addressAllowed()) {
            throw ApiProblem.forbidden(
                    "Requests with this API key are not accepted from " + address + " (the merchant's IP allow-list)");
        }
        rateLimits.check(admission);
        accounts.noteUse(admission.principal().keyId());
        return admission.principal();
    }

    private static String bearer(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) {
            throw ApiProblem.unauthorized("Send your credentials as 'Authorization: Bearer sk_test_…' (API key) or "
                    + "'Authorization: Bearer <access token>' (dashboard login)");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblem.unauthorized("The Authorization header must use the Bearer scheme");
        }
        String token = header.substring(7).trim();
        if (token.isEmpty()) {
            throw ApiProblem.unauthorized("The bearer token is empty");
        }
        return token;
    }

    /** A dashboard works in test mode unless it asks for live ({@code X-OnPoint-Mode} or {@code ?mode=}). */
    private static String mode(Exchange exchange) {
        String mode = exchange.getMessage().getHeader("X-OnPoint-Mode", String.class);
        if (mode == null) {
            mode = exchange.getMessage().getHeader("mode", String.class);
        }
        if (mode == null || mode.isBlank()) {
            return "test";
        }
        mode = mode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("test") && !mode.equals("live")) {
            throw ApiProblem.invalidField("mode", "must be test or live");
        }
        return mode;
    }

    /** The caller's X-Request-Id when it is a sane token, else the exchange id: what the audit trail records. */
    public static String requestId(Exchange exchange) {
        return requestId(exchange.getMessage().getHeader("X-Request-Id", String.class), exchange.getExchangeId());
    }

    /** The given X-Request-Id when it is a sane token, else {@code fallback} (a request served outside the routes). */
    public static String requestId(String given, String fallback) {
        return given != null && REQUEST_ID.matcher(given).matches() ? given : fallback;
    }
}
