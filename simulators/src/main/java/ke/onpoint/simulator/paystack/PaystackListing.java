package ke.onpoint.simulator.paystack;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * What Paystack's list endpoints share (§2.7, §2.8): offset paging by {@code perPage} (also spelt {@code per_page};
 * default 50) and {@code page}, answered with {@code meta{total,skipped,perPage,page,pageCount}}, and a time window
 * {@code from}/{@code to}, each an ISO 8601 instant or a date (a date {@code to} includes that whole UTC day).
 */
final class PaystackListing {

    static final int DEFAULT_PER_PAGE = 50;
    private static final int MAX_PER_PAGE = 1000;

    record Paging(int perPage, int page) {

        int skipped() {
            return (page - 1) * perPage;
        }
    }

    /** A closed window; either end may be open (null). */
    record Window(Instant from, Instant to) {

        boolean contains(Instant at) {
            return at != null && (from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to));
        }
    }

    private PaystackListing() {}

    static Paging paging(Map<String, String> query) {
        String perPage = query.getOrDefault("perPage", query.get("per_page"));
        return new Paging(
                Math.min(MAX_PER_PAGE, positive(perPage, DEFAULT_PER_PAGE, "perPage")),
                positive(query.get("page"), 1, "page"));
    }

    static Window window(Map<String, String> query) {
        return new Window(instant(query.get("from"), false), instant(query.get("to"), true));
    }

    /** {@code {"status":true,"message":…,"data":[…one page…],"meta":{…}}}. */
    static <T> ObjectNode page(
            String message, List<T> all, Paging paging, Function<? super T, ? extends JsonNode> render) {
        ObjectNode body = SimulatorJson.object().put("status", true).put("message", message);
        ArrayNode data = body.putArray("data");
        all.stream().skip(paging.skipped()).limit(paging.perPage()).forEach(item -> data.add(render.apply(item)));
        body.putObject("meta")
                .put("total", all.size())
                .put("skipped", paging.skipped())
                .put("perPage", paging.perPage())
                .put("page", paging.page())
                .put("pageCount", Math.max(1, (all.size() + paging.perPage() - 1) / paging.perPage()));
        return body;
    }

    private static int positive(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the 400 below
        }
        throw PaystackApiException.badRequest(name + " must be a positive integer");
    }

    static Instant instant(String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return endOfDay
                        ? day.plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .minusMillis(1)
                        : day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw PaystackApiException.badRequest("Invalid date: " + text);
        }
    }
}
