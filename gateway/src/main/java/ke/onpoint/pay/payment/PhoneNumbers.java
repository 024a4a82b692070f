package ke.onpoint.pay.payment;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kenyan mobile numbers: {@code 07…, 01…, +254…, 254…} all become {@code 254} + 9 digits (Daraja's MSISDN form). */
public final class PhoneNumbers {

    private static final Pattern KENYAN_MOBILE = Pattern.compile("(?:\\+?254|0)([17]\\d{8})");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s-]");

    private PhoneNumbers() {}

    public static Optional<String> normalise(String input) {
        if (input == null || input.length() > 20) {
            return Optional.empty();
        }
        Matcher m = KENYAN_MOBILE.matcher(SEPARATORS.matcher(input.trim()).replaceAll(""));
        return m.matches() ? Optional.of("254" + m.group(1)) : Optional.empty();
    }

    /** For logs and review screens: {@code 254712345678 → 2547******78}. */
    public static String mask(String msisdn) {
        if (msisdn == null || msisdn.length() < 8) {
            return msisdn;
        }
        return msisdn.substring(0, 4) + "*".repeat(msisdn.length() - 6) + msisdn.substring(msisdn.length() - 2);
    }
}
