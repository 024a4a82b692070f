package ke.onpoint.pay.api;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.Exchange;

/**
 * The query parameters of a GET, read the same way by every list and report: each bad value is collected with the
 * field it came from, and {@link #check()} answers one 422 naming them all. Cursors are opaque (base64url of a kind
 * letter and a row id), as the payments list writes them.
 */
public final class QueryParameters {

    private final Map<String, Object> values;
    private final List<FieldError> errors = new ArrayList<>();

    public QueryParameters(Map<String, Object> values) {
        this.values = values;
    }

    /** Camel puts the query parameters among the message headers. */
    public static QueryParameters of(Exchange exchange) {
        return new QueryParameters(exchange.getMessage().getHeaders());
    }

    /** The trimmed value, or null when absent or blank. */
    public String text(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** A value that must parse to one of a known set; null when absent, an error naming the field when unknown. */
    public <T> T oneOf(String name, Function<String, Optional<T>> parse, String message) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        Optional<T> value = parse.apply(text);
        if (value.isEmpty()) {
            invalid(name, message);
        }
        return value.orElse(null);
    }

    /** {@code format}: one of the allowed formats, the first when absent. */
    public String format(String... allowed) {
        String text = text("format");
        if (text == null) {
            return allowed[0];
        }
        for (String format : allowed) {
            if (format.equals(text)) {
                return format;
            }
        }
        invalid("format", "must be " + String.join(" or ", allowed));
        return allowed[0];
    }

    /** A calendar day such as {@code 2024-01-31}; null when absent. */
    public LocalDate day(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            invalid(name, "must be a date such as 2024-01-31");
            return null;
        }
    }

    /**
     * {@code date_from} and {@code date_to}, East Africa days, both inclusive. Either may be absent: {@code date_to}
     * defaults to {@code today}, {@code date_from} to {@code defaultDays - 1} days before {@code date_to}. At most
     * {@code maxDays} days; {@code date_to} never before {@code date_from}. Null when a problem was noted.
     */
    public DateRange range(LocalDate today, int defaultDays, int maxDays) {
        LocalDate from = day("date_from");
        LocalDate to = day("date_to");
        if (hasErrorOn("date_from") || hasErrorOn("date_to")) {
            return null;
        }
        if (to == null) {
            to = from == null || from.plusDays(defaultDays - 1L).isAfter(today)
                    ? today
                    : from.plusDays(defaultDays - 1L);
            if (from != null && from.isAfter(to)) {
                to = from;
            }
        }
        if (from == null) {
            from = to.minusDays(defaultDays - 1L);
        }
        if (to.isBefore(from)) {
            invalid("date_to", "must not be before date_from");
            return null;
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            invalid("date_from", "the range may cover at most " + maxDays + " days");
            invalid("date_to", "the range may cover at most " + maxDays + " days");
            return null;
        }
        return new DateRange(from, to);
    }

    /** {@code date_from}/{@code date_to} when given, unbounded otherwise (lists); {@code date_to} never before {@code date_from}. */
    public DateRange optionalRange() {
        LocalDate from = day("date_from");
        LocalDate to = day("date_to");
        if (from != null && to != null && to.isBefore(from)) {
            invalid("date_to", "must not be before date_from");
        }
        return new DateRange(from, to);
    }

    /** {@code limit}: 1 to {@code max}, {@code fallback} when absent. */
    public int limit(int fallback, int max) {
        String text = text("limit");
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        invalid("limit", "must be a whole number from 1 to " + max);
        return fallback;
    }

    /** {@code cursor}: the id a previous page of this list ended on, or null on the first page. */
    public Long cursor(char kind) {
        String text = text("cursor");
        if (text == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (decoded.length() > 1 && decoded.charAt(0) == kind) {
                return Long.parseLong(decoded.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // the problem below
        }
        invalid("cursor", "is not a cursor this API returned");
        return null;
    }

    public static String cursor(char kind, long id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((kind + Long.toString(id)).getBytes(StandardCharsets.US_ASCII));
    }

    public void invalid(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private boolean hasErrorOn(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** Throws the 422 naming every bad parameter, if any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
    }
}
