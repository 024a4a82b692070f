package ke.onpoint.pay.security;

import java.util.Set;

/**
 * Who is calling: the merchant behind an API key (in the key's mode), or a dashboard user of a merchant with a role
 * (in the mode the dashboard asked for), or a gateway admin (no merchant). Carries the request's source address and
 * id for the audit trail.
 */
public record MerchantPrincipal(
        long merchantId,
        String merchantPublicId,
        String mode,
        long keyId,
        String keyPrefix,
        Set<String> scopes,
        long userId,
        String userEmail,
        Role role,
        String sourceIp,
        String requestId) {

    public static final String PROPERTY = "onpoint.principal";

    public static MerchantPrincipal apiKey(
            long merchantId, String merchantPublicId, String mode, long keyId, String keyPrefix, Set<String> scopes) {
        return new MerchantPrincipal(
                merchantId, merchantPublicId, mode, keyId, keyPrefix, scopes, 0, null, null, null, null);
    }

    public static MerchantPrincipal user(
            long merchantId, String merchantPublicId, String mode, long userId, String email, Role role) {
        return new MerchantPrincipal(
                merchantId, merchantPublicId, mode, 0, null, role.permissions(), userId, email, role, null, null);
    }

    /** The gateway acting for a merchant on its own (C2B received, scheduled work). */
    public static MerchantPrincipal system(long merchantId, String merchantPublicId, String mode, String actor) {
        return new MerchantPrincipal(merchantId, merchantPublicId, mode, 0, actor, Set.of(), 0, null, null, null, null);
    }

    public MerchantPrincipal from(String address, String id) {
        return new MerchantPrincipal(
                merchantId, merchantPublicId, mode, keyId, keyPrefix, scopes, userId, userEmail, role, address, id);
    }

    public boolean live() {
        return "live".equals(mode);
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** A key holding {@code x:manage} may also read {@code x:read}. */
    public boolean allows(String permission) {
        if (scopes.contains(permission)) {
            return true;
        }
        return permission.endsWith(":read")
                && scopes.contains(permission.substring(0, permission.length() - ":read".length()) + ":manage");
    }

    public String actorType() {
        return userId != 0 ? "user" : keyId != 0 ? "api_key" : "system";
    }

    /** The user's email, the key's prefix, or the system actor's name: what the audit trail shows as "who". */
    public String actor() {
        return userId != 0 ? userEmail : keyPrefix;
    }
}
