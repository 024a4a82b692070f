package ke.onpoint.pay.merchant;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import ke.onpoint.pay.security.Sha256;

/**
 * Secret API keys: {@code sk_<mode>_} + 32 base62 characters (190 bits). Only the SHA-256 of a key is stored;
 * the prefix (first 12 characters) identifies it in listings and logs.
 */
public final class ApiKeySecrets {

    public static final Pattern FORMAT = Pattern.compile("sk_(test|live)_[0-9A-Za-z]{32}");
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String generate(String mode) {
        return "sk_" + mode + "_" + randomBase62(32);
    }

    public static String prefix(String secret) {
        return secret.substring(0, Math.min(12, secret.length()));
    }

    public static byte[] hash(String secret) {
        return Sha256.of(secret);
    }

    public static String randomBase62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
