package ke.onpoint.pay.security;

import java.util.List;

/** The permissions routes ask for. API keys hold the first four (their scopes); roles hold the rest too. */
public final class Permissions {

    public static final String PAYMENTS_WRITE = "payments:write";
    public static final String PAYMENTS_READ = "payments:read";
    public static final String REFUNDS_WRITE = "refunds:write";
    public static final String WEBHOOKS_MANAGE = "webhooks:manage";
    public static final String WEBHOOKS_READ = "webhooks:read";
    public static final String KEYS_MANAGE = "keys:manage";
    public static final String USERS_MANAGE = "users:manage";
    public static final String SETTINGS_MANAGE = "settings:manage";
    public static final String KYC_MANAGE = "kyc:manage";
    public static final String AUDIT_READ = "audit:read";
    public static final String ACCOUNT_READ = "account:read";
    public static final String ADMIN = "admin";

    /** What an API key may be given. */
    public static final List<String> KEY_SCOPES =
            List.of(PAYMENTS_WRITE, PAYMENTS_READ, REFUNDS_WRITE, WEBHOOKS_MANAGE);

    private Permissions() {}
}
