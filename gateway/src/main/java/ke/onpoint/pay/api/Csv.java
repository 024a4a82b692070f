package ke.onpoint.pay.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import ke.onpoint.pay.kernel.EastAfricaTime;

/**
 * RFC 4180 CSV as every download writes it: CRLF lines; a cell with a comma, quote or line break is quoted (quotes
 * doubled); a cell a spreadsheet would run as a formula ({@code = + - @}, also after a tab or CR) is defused with a
 * leading apostrophe. Amounts are written by the caller as plain decimals (negative amounts are numbers, not
 * formulas: {@link #amount}).
 */
public final class Csv {

    /** Times in Kenyan local time with their offset, {@code 2024-01-31T14:05:09+03:00}: what a merchant's day is. */
    private static final DateTimeFormatter EAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(EastAfricaTime.ZONE);

    private Csv() {}

    /** A time cell in East Africa Time; null is empty. */
    public static String time(Instant instant) {
        return instant == null ? "" : EAT.format(instant);
    }

    /** One line, ending in CRLF: a BigDecimal is an amount ({@link #amount}), anything else text; null is empty. */
    public static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = cells.get(i);
            out.append(
                    value instanceof BigDecimal amount
                            ? amount(amount)
                            : cell(value == null ? null : value.toString()));
        }
        out.append("\r\n");
    }

    /** One cell of text: null is empty. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /**
     * An amount cell: a plain decimal with two places ({@code -15.00}). Written as is, not through {@link #cell}: a
     * sign before digits is a number to a spreadsheet, and a number is what the merchant sums.
     */
    public static String amount(BigDecimal major) {
        return (major.scale() < 2 ? major.setScale(2) : major).toPlainString();
    }
}
