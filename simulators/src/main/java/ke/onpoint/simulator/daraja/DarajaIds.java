package ke.onpoint.simulator.daraja;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers in the formats Safaricom hands out, so clients that pattern-match or store them see realistic values. */
final class DarajaIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter CHECKOUT_TIME =
            DateTimeFormatter.ofPattern("ddMMyyyyHHmmss").withZone(DarajaTime.EAT);
    /** Keeps ids unique within one run even if two requests land in the same millisecond with the same random part. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private DarajaIds() {}

    /** OAuth access tokens are 28 alphanumeric characters, e.g. {@code c9SQxWWhmdVRlyh0zh8gZDTkubVF}. */
    static String accessToken() {
        return random(TOKEN_CHARS, 28);
    }

    /** Like {@code 1c5b-4ba8-815c-ac45c57a3db01495926}: Daraja's requestId and the new MerchantRequestID form. */
    static String requestId() {
        return random(HEX, 4) + "-" + random(HEX, 4) + "-" + random(HEX, 4) + "-" + random(HEX, 12)
                + String.format("%07d", SEQUENCE.incrementAndGet() % 10_000_000);
    }

    static String merchantRequestId() {
        return requestId();
    }

    /** {@code ws_CO_<ddMMyyyyHHmmss in EAT><digits>}, e.g. {@code ws_CO_1007202409152617172396192}. */
    static String checkoutRequestId(Instant at) {
        return "ws_CO_" + CHECKOUT_TIME.format(at) + String.format("%03d", at.toEpochMilli() % 1000)
                + String.format("%04d", SEQUENCE.incrementAndGet() % 10_000) + random("0123456789", 5);
    }

    /** M-Pesa receipts are 10 uppercase alphanumerics starting with a letter, e.g. {@code NLJ7RT61SV}. */
    static String receiptNumber() {
        return random("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + random(ALNUM, 9);
    }

    private static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
