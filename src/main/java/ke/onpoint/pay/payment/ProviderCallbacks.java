package ke.onpoint.pay.payment;

import ke.onpoint.pay.ops.PhoneMaskingConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps every provider callback as received (phones masked) with what the gateway did with it, so an operator
 * can review the unmatched, rejected and contradictory ones.
 */
@Component
public class ProviderCallbacks {

    public enum Outcome {
        APPLIED, DUPLICATE, IGNORED, UNMATCHED, REJECTED, NEEDS_REVIEW;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final JdbcTemplate jdbc;

    public ProviderCallbacks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String provider, String kind, String correlationId, Outcome outcome, String note,
            String sourceIp, String payload) {
        jdbc.update("INSERT INTO provider_callbacks (provider, kind, correlation_id, outcome, note, source_ip, payload) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", provider, kind, truncate(correlationId, 128), outcome.code(),
                truncate(note, 255), truncate(sourceIp, 64), PhoneMaskingConverter.mask(payload == null ? "" : payload));
    }

    /** Callbacks of the last 24 hours that a person has to look at. */
    public long awaitingReview() {
        return jdbc.queryForObject("SELECT count(*) FROM provider_callbacks WHERE outcome IN ('unmatched', 'needs_review') "
                + "AND received_at > now() - interval '24 hours'", Long.class);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
