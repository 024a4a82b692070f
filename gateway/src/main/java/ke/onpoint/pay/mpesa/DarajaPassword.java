package ke.onpoint.pay.mpesa;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The Password/Timestamp pair of an STK Push or STK Query: {@code base64(ShortCode + Passkey + Timestamp)}.
 * Built once per request so the Timestamp field and the one inside the Password are byte-identical
 * (the usual cause of "500.001.1001 Wrong credentials").
 */
public record DarajaPassword(String timestamp, String password) {

    /** Daraja reads timestamps as Kenyan local time (EAT, UTC+3, no daylight saving). */
    public static final ZoneId EAT = ke.onpoint.pay.kernel.EastAfricaTime.ZONE;

    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(EAT);

    public static DarajaPassword at(Instant instant, String shortcode, String passkey) {
        String timestamp = TIMESTAMP.format(instant);
        return new DarajaPassword(timestamp, encode(shortcode, passkey, timestamp));
    }

    public static String encode(String shortcode, String passkey, String timestamp) {
        return Base64.getEncoder().encodeToString((shortcode + passkey + timestamp).getBytes(StandardCharsets.UTF_8));
    }
}
