package ke.onpoint.pay.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a dashboard user may do. Payments are initiated with API keys only; a user's role decides what the merchant
 * APIs allow. {@code admin} is the gateway's own staff: KYC review, limits, every merchant's audit trail.
 */
public enum Role {
    OWNER(Set.of(
            Permissions.PAYMENTS_READ,
            Permissions.REFUNDS_WRITE,
            Permissions.WEBHOOKS_MANAGE,
            Permissions.KEYS_MANAGE,
            Permissions.USERS_MANAGE,
            Permissions.SETTINGS_MANAGE,
            Permissions.KYC_MANAGE,
            Permissions.AUDIT_READ,
            Permissions.ACCOUNT_READ)),
    DEVELOPER(Set.of(
            Permissions.PAYMENTS_READ,
            Permissions.REFUNDS_WRITE,
            Permissions.WEBHOOKS_MANAGE,
            Permissions.KEYS_MANAGE,
            Permissions.AUDIT_READ,
            Permissions.ACCOUNT_READ)),
    VIEWER(Set.of(
            Permissions.PAYMENTS_READ, Permissions.WEBHOOKS_READ, Permissions.AUDIT_READ, Permissions.ACCOUNT_READ)),
    ADMIN(Set.of(Permissions.ADMIN, Permissions.AUDIT_READ));

    private final Set<String> permissions;

    Role(Set<String> permissions) {
        this.permissions = permissions;
    }

    public Set<String> permissions() {
        return permissions;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
