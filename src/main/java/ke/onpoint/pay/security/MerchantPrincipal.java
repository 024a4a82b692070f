package ke.onpoint.pay.security;

import java.util.Set;

/** Who is calling a payment API: the merchant behind an API key, in the key's mode (test or live). */
public record MerchantPrincipal(long merchantId, String merchantPublicId, String mode, long keyId, String keyPrefix,
        Set<String> scopes) {

    public static final String PROPERTY = "onpoint.principal";

    public boolean live() {
        return "live".equals(mode);
    }
}
