package ke.onpoint.pay.reconciliation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Reading a provider's paged listing to the end, and its timestamps, the same way for every provider. */
public final class ProviderPages {

    /** A listing of more pages than this is refused rather than read forever (a provider paging wrongly). */
    static final int MAX_PAGES = 10_000;

    private ProviderPages() {}

    /** One page: its records, and whether another follows. */
    public record Page(List<ProviderRecord> records, boolean more) {}

    /** Pages 1, 2, … until one says it is the last (or is empty). */
    public static List<ProviderRecord> all(IntFunction<Page> fetch) {
        List<ProviderRecord> records = new ArrayList<>();
        for (int page = 1; ; page++) {
            if (page > MAX_PAGES) {
                throw new IllegalStateException("more than " + MAX_PAGES + " pages");
            }
            Page answer = fetch.apply(page);
            records.addAll(answer.records());
            if (!answer.more() || answer.records().isEmpty()) {
                return records;
            }
        }
    }

    /** The first readable ISO-8601 timestamp among these ({@code 2024-01-16T09:00:00.000Z}, with an offset), or null. */
    public static Instant instant(String... candidates) {
        for (String text : candidates) {
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException notOffset) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeException unreadable) {
                    // the next candidate
                }
            }
        }
        return null;
    }
}
