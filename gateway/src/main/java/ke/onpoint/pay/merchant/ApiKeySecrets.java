package ke.onpoint.pay.merchant;

import java.util.regex.Pattern;

import ke.onpoint.pay.security.RandomIds;
import ke.onpoint.pay.security.Sha256;

/**
 * Secret API keys: {@code sk_<mode>_} + 32 base62 characters (190 bits). Only the SHA-256 of a key is stored;
 * the prefix (first 12 characters) identifies it in listings and logs.
 */
public final class ApiKeySecrets {

    public static final Pattern FORMAT = Pattern.compile("sk_(test|live)_[0-9A-Za-z]{32}");

    private ApiKeySecrets() {}

    public static String generate(String mode) {
        return "sk_" + mode + "_" + RandomIds.base62(32);
    }

    public static String prefix(String secret) {
        return secret.substring(0, Math.min(12, secret.length()));
    }

    public static byte[] hash(String secret) {
        return Sha256.of(secret);
    }
}
