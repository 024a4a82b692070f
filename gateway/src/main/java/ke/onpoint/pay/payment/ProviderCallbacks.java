package ke.onpoint.pay.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.kernel.AfterCommit;
import ke.onpoint.pay.ops.PhoneMaskingConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps every provider callback (phones masked, in the note too) with what the gateway did with it, so an operator
 * can review the unmatched, rejected and contradictory ones. Only an excerpt of the body is kept, with the length
 * it had: a sender cannot make the table grow by what it posts. Each record counts in
 * {@code onpoint.callbacks{provider,outcome}} once it has committed (the outcome codes are the table's).
 */
@Component
public class ProviderCallbacks {

    public enum Outcome {
        APPLIED,
        DUPLICATE,
        IGNORED,
        UNMATCHED,
        REJECTED,
        NEEDS_REVIEW;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String METRIC = "onpoint.callbacks";

    private final JdbcTemplate jdbc;
    private final int keptPayloadChars;
    private final MeterRegistry meters;

    public ProviderCallbacks(
            JdbcTemplate jdbc,
            @Value("${onpoint.callbacks.kept-payload-chars}") int keptPayloadChars,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.keptPayloadChars = keptPayloadChars;
        this.meters = meters;
    }

    public void record(
            String provider,
            String kind,
            String correlationId,
            Outcome outcome,
            String note,
            String sourceIp,
            String payload) {
        record(provider, kind, correlationId, outcome, note, sourceIp, payload, keptPayloadChars);
    }

    /** The same, keeping at most {@code keptChars} of the body (refusals keep less than admitted callbacks). */
    void record(
            String provider,
            String kind,
            String correlationId,
            Outcome outcome,
            String note,
            String sourceIp,
            String payload,
            int keptChars) {
        String body = payload == null ? "" : payload;
        jdbc.update(
                "INSERT INTO provider_callbacks (provider, kind, correlation_id, outcome, note, source_ip, payload, "
                        + "payload_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                provider,
                kind,
                storable(correlationId, 128),
                outcome.code(),
                storable(PhoneMaskingConverter.mask(note), 255),
                storable(sourceIp, 64),
                // masked before it is cut, so a number across the cut is never kept half unmasked
                storable(PhoneMaskingConverter.mask(body), Math.min(keptChars, keptPayloadChars)),
                body.length());
        AfterCommit.run(() -> Counter.builder(METRIC)
                .description("Provider callbacks and notifications, by what the gateway did with them")
                .tag("provider", provider)
                .tag("outcome", outcome.code())
                .register(meters)
                .increment());
    }

    /** Callbacks of the last 24 hours that a person has to look at and nobody resolved yet (the console's queue). */
    public long awaitingReview() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM provider_callbacks WHERE outcome IN ('unmatched', 'needs_review') "
                        + "AND resolved_at IS NULL AND received_at > now() - interval '24 hours'",
                Long.class);
    }

    /**
     * At most {@code max} characters, and text PostgreSQL can store: a NUL (which anyone can post, even without a
     * token) is kept as the six characters {@code \u0000}.
     */
    private static String storable(String text, int max) {
        if (text == null) {
            return null;
        }
        String cut = text.length() <= max ? text : text.substring(0, max);
        return cut.indexOf('\0') < 0 ? cut : cut.replace("\0", "\\u0000");
    }
}
