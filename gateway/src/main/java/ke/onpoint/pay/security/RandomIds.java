package ke.onpoint.pay.security;

import java.security.SecureRandom;

/**
 * Unguessable identifiers and secrets in base62 (public ids such as {@code evt_…}, API keys, webhook secrets), for
 * every package that mints them, the payment core included.
 */
public final class RandomIds {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    public static String base62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
