package ke.onpoint.pay.security;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.ApiKeySecrets;
import ke.onpoint.pay.merchant.MerchantAccounts;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Authenticates a payment API call by its {@code Authorization: Bearer sk_…} key and checks the scope the
 * operation needs. The principal is left on the exchange for the rest of the route.
 */
@Component
public class ApiKeyAuthentication {

    private final MerchantAccounts accounts;

    public ApiKeyAuthentication(MerchantAccounts accounts) {
        this.accounts = accounts;
    }

    public MerchantPrincipal require(Exchange exchange, String scope) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) {
            throw ApiProblem.unauthorized("Send your secret key as 'Authorization: Bearer sk_test_…'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblem.unauthorized("The Authorization header must use the Bearer scheme");
        }
        String secret = header.substring(7).trim();
        if (!ApiKeySecrets.FORMAT.matcher(secret).matches()) {
            throw ApiProblem.unauthorized("The API key is malformed; keys look like sk_test_… or sk_live_…");
        }
        MerchantPrincipal principal = accounts.authenticate(secret)
                .orElseThrow(() -> ApiProblem.unauthorized("The API key is unknown or revoked"));
        if (!principal.scopes().contains(scope)) {
            throw ApiProblem.forbidden("This API key lacks the '" + scope + "' scope");
        }
        exchange.setProperty(MerchantPrincipal.PROPERTY, principal);
        return principal;
    }
}
