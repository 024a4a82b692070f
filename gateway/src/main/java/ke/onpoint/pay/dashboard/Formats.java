package ke.onpoint.pay.dashboard;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.payment.Money;

/**
 * How the dashboard writes money and time, as {@code fmt} in every template: amounts with thousands separators and
 * two decimals ({@code KES 12,345.00}) from minor units or the API's decimals, times in East Africa Time.
 */
public final class Formats {

    static final Formats INSTANCE = new Formats();

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(EastAfricaTime.ZONE);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ENGLISH).withZone(EastAfricaTime.ZONE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private Formats() {}

    /** {@code 1234500, "KES"} → {@code KES 12,345.00}. */
    public String money(long minor, String currency) {
        return money(Money.toMajor(minor), currency);
    }

    /** An amount as the API writes it (a decimal of major units) → {@code KES 12,345.00}; blank for none. */
    public String money(BigDecimal major, String currency) {
        if (major == null) {
            return "";
        }
        return (currency == null ? "KES" : currency) + " " + amount(major);
    }

    /** The number alone: {@code 12,345.00}. */
    public String amount(BigDecimal major) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        return format.format(major);
    }

    /** {@code 3 Feb 2025, 14:05 EAT}; blank for none. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant) + " EAT";
    }

    /** With seconds, for timelines. */
    public String exactTime(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant) + " EAT";
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    public String day(LocalDate day) {
        return day == null ? "" : DAY.format(day);
    }

    public String shortDay(LocalDate day) {
        return day == null ? "" : SHORT_DAY.format(day);
    }

    /** A success rate of 0..1 as {@code 97.5%}; an em dash when nothing was decided. */
    public String percent(Double rate) {
        if (rate == null) {
            return "—";
        }
        // the API's four places as a percentage with one, rounded half up (0.9755 → 97.6%)
        BigDecimal percent = BigDecimal.valueOf(rate).movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP);
        return percent.stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code partially_refunded} → {@code Partially refunded}. */
    public String label(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String words = code.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
