package ke.onpoint.pay.ops;

import java.util.regex.Pattern;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Replaces the log message converter so a Kenyan phone number never reaches a log line in full,
 * whoever logs it (our code, Camel, a library): {@code 254712345678} becomes {@code 2547******78}.
 */
public class PhoneMaskingConverter extends MessageConverter {

    // 254/+254/0 followed by a 7xx or 1xx subscriber number, not inside a longer run of digits
    private static final Pattern PHONE = Pattern.compile("(?<!\\d)(\\+?254|0)([17])(\\d{6})(\\d{2})(?!\\d)");

    @Override
    public String convert(ILoggingEvent event) {
        return mask(super.convert(event));
    }

    public static String mask(String message) {
        if (message == null || message.length() < 10) {
            return message;
        }
        return PHONE.matcher(message).replaceAll("$1$2******$4");
    }
}
