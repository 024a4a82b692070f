package ke.onpoint.pay.merchant;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.ClientAddresses;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Login and the merchant's account (dashboard, JWT): registration, login, refresh, logout, invitations; the
 * merchant's profile, API keys, users and IP allow-list (its own M-Pesa shortcode is served by the M-Pesa package).
 * Roles decide: a viewer reads, a developer also manages keys, an owner also manages users (invites them, changes
 * their roles, removes them) and settings.
 */
@Component
public class AccountApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final ClientAddresses addresses;
    private final Logins logins;
    private final MerchantAccounts accounts;
    private final MerchantUsers users;

    public AccountApiRoutes(
            ApiMessages messages,
            ApiJson json,
            Callers callers,
            ClientAddresses addresses,
            Logins logins,
            MerchantAccounts accounts,
            MerchantUsers users) {
        super(messages, json);
        this.callers = callers;
        this.addresses = addresses;
        this.logins = logins;
        this.accounts = accounts;
        this.users = users;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/auth").description("Dashboard login: register, log in, refresh, log out, accept an invitation")
                .post("/register").id("rest-auth-register").consumes("application/json").to("direct:auth-register")
                .post("/login").id("rest-auth-login").consumes("application/json").to("direct:auth-login")
                .post("/refresh").id("rest-auth-refresh").consumes("application/json").to("direct:auth-refresh")
                .post("/logout").id("rest-auth-logout").consumes("application/json").to("direct:auth-logout")
                .post("/accept-invite").id("rest-auth-accept-invite").consumes("application/json")
                    .to("direct:auth-accept-invite");
        rest("/merchants/me").description("The merchant's account (dashboard login)")
                .get().id("rest-merchant-get").to("direct:merchant-get")
                .patch().id("rest-merchant-update").consumes("application/json").to("direct:merchant-update")
                .get("/api-keys").id("rest-api-keys-list").to("direct:api-keys-list")
                .post("/api-keys").id("rest-api-keys-create").consumes("application/json").to("direct:api-keys-create")
                .delete("/api-keys/{id}").id("rest-api-keys-revoke").to("direct:api-keys-revoke")
                .get("/users").id("rest-users-list").to("direct:users-list")
                .post("/users").id("rest-users-invite").consumes("application/json").to("direct:users-invite")
                .patch("/users/{id}").id("rest-users-update").consumes("application/json").to("direct:users-update")
                .delete("/users/{id}").id("rest-users-remove").to("direct:users-remove")
                .get("/ip-allowlist").id("rest-ip-allowlist-get").to("direct:ip-allowlist-get")
                .put("/ip-allowlist").id("rest-ip-allowlist-set").consumes("application/json").to("direct:ip-allowlist-set");

        Admission anyone = e -> { };
        operation("auth-register", anyone, 201, e -> logins.register(body(e), origin(e)));
        operation("auth-login", anyone, 200, e -> logins.login(body(e), origin(e)));
        operation("auth-refresh", anyone, 200, e -> logins.refresh(body(e), origin(e)));
        operation("auth-logout", anyone, 200, e -> logins.logout(body(e), origin(e)));
        operation("auth-accept-invite", anyone, 200, e -> logins.acceptInvite(body(e), origin(e)));

        operation("merchant-get", user(Permissions.ACCOUNT_READ), 200, e -> accounts.view(principal(e).merchantId()));
        operation("merchant-update", user(Permissions.SETTINGS_MANAGE), 200, e -> accounts.update(principal(e), body(e)));
        operation("api-keys-list", user(Permissions.ACCOUNT_READ), 200,
                e -> java.util.Map.of("data", accounts.listKeys(principal(e).merchantId())));
        operation("api-keys-create", user(Permissions.KEYS_MANAGE), 201, e -> accounts.createKey(principal(e), body(e)));
        operation("api-keys-revoke", user(Permissions.KEYS_MANAGE), 200,
                e -> accounts.revokeKey(principal(e), header(e, "id")));
        operation("users-list", user(Permissions.ACCOUNT_READ), 200,
                e -> java.util.Map.of("data", users.list(principal(e).merchantId())));
        operation("users-invite", user(Permissions.USERS_MANAGE), 201, e -> users.invite(principal(e), body(e)));
        operation("users-update", user(Permissions.USERS_MANAGE), 200,
                e -> users.changeRole(principal(e), header(e, "id"), body(e)));
        operation("users-remove", user(Permissions.USERS_MANAGE), 200, e -> users.remove(principal(e), header(e, "id")));
        operation("ip-allowlist-get", user(Permissions.ACCOUNT_READ), 200,
                e -> java.util.Map.of("cidrs", accounts.view(principal(e).merchantId()).get("ip_allowlist")));
        operation("ip-allowlist-set", user(Permissions.SETTINGS_MANAGE), 200,
                e -> accounts.setIpAllowlist(principal(e), body(e)));
    }
    // spotless:on

    private Admission user(String permission) {
        return e -> callers.user(e, permission);
    }

    private Logins.Origin origin(Exchange exchange) {
        return new Logins.Origin(addresses.of(exchange), Callers.requestId(exchange));
    }
}
