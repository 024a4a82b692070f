package ke.onpoint.pay.dashboard;

import java.util.function.Supplier;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Role;

/**
 * The signed-in dashboard user on this request: the same {@link MerchantPrincipal} the API builds from an access
 * token (the user's merchant and role, the mode the session asked for, the request's address and id for the audit
 * trail). Templates ask {@link #can} to hide what the role may not do; controllers {@link #require} the same
 * permission the API route asks for, so a forged request is refused too.
 */
public final class Viewer {

    private final MerchantPrincipal principal;
    private final Supplier<String> merchantName;
    private String name;

    Viewer(MerchantPrincipal principal, Supplier<String> merchantName) {
        this.principal = principal;
        this.merchantName = merchantName;
    }

    public MerchantPrincipal principal() {
        return principal;
    }

    public boolean can(String permission) {
        return principal.allows(permission);
    }

    /** The same check as the API's {@code Callers}: a 403 problem naming the role. */
    public MerchantPrincipal require(String permission) {
        if (!can(permission)) {
            throw ApiProblem.forbidden("Your role (" + principal.role().code() + ") does not allow this");
        }
        return principal;
    }

    public String email() {
        return principal.userEmail();
    }

    public Role role() {
        return principal.role();
    }

    public String roleName() {
        return principal.role().code();
    }

    public boolean admin() {
        return principal.admin();
    }

    public String mode() {
        return principal.mode();
    }

    public boolean live() {
        return principal.live();
    }

    /** The merchant's business name (the gateway's own staff have none), read once per request when shown. */
    public String merchantName() {
        if (name == null) {
            name = principal.merchantId() == 0 ? "OnPoint Pay operations" : merchantName.get();
        }
        return name;
    }
}
