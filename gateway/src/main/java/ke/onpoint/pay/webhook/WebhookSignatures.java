package ke.onpoint.pay.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-OnPoint-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">} keyed with the merchant's
 * webhook secret. The timestamp inside the signed text lets merchants refuse replays older than a few minutes.
 */
public final class WebhookSignatures {

    private WebhookSignatures() {}

    public static String header(String secret, long timestamp, String body) {
        return header(java.util.List.of(secret), timestamp, body);
    }

    /** During a secret rotation's overlap, one {@code v1} per valid secret (the current one first). */
    public static String header(java.util.List<String> secrets, long timestamp, String body) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(hmac(secret, timestamp + "." + body));
        }
        return header.toString();
    }

    /**
     * Cloned for each signature: looking the algorithm up among the providers cost more than the HMAC itself, and a
     * thread-local Mac would be made anew for every virtual thread anyway.
     */
    private static final Mac HMAC_SHA256;

    static {
        try {
            HMAC_SHA256 = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static String hmac(String secret, String text) {
        try {
            Mac mac = (Mac) HMAC_SHA256.clone();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
