package ke.onpoint.pay.security;

import java.util.List;
import ke.onpoint.pay.api.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Requests per API key per second and per minute, counted in PostgreSQL so every instance sees the same count:
 * one statement bumps both fixed windows (keyed by the database clock, not the instances') and returns their
 * counts. Over either limit: 429 with Retry-After until the window ends and a problem naming the limit.
 */
@Component
public class RateLimits {

    private static final String COUNT = """
            INSERT INTO rate_limit_windows AS w (bucket, window_start, hits)
            VALUES (?, date_trunc('second', now()), 1), (?, date_trunc('minute', now()), 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
            RETURNING bucket, hits, ceil(extract(epoch FROM w.window_start
                + CASE WHEN bucket LIKE '%:s' THEN interval '1 second' ELSE interval '1 minute' END - now()))::int""";

    private final JdbcTemplate jdbc;
    private final SecurityProperties.RateLimit defaults;

    public RateLimits(JdbcTemplate jdbc, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.defaults = properties.rateLimit();
    }

    record Window(String bucket, int hits, int secondsLeft) {
    }

    /** Counts this request against the key's limits (null: the configured defaults) and refuses it when over. */
    public void admit(long keyId, Integer perSecond, Integer perMinute) {
        String perSecondBucket = "key:" + keyId + ":s";
        List<Window> windows = jdbc.query(COUNT, (rs, i) -> new Window(rs.getString(1), rs.getInt(2), rs.getInt(3)),
                perSecondBucket, "key:" + keyId + ":m");
        for (Window window : windows) {
            boolean second = window.bucket().equals(perSecondBucket);
            int limit = second ? (perSecond != null ? perSecond : defaults.perSecond())
                    : (perMinute != null ? perMinute : defaults.perMinute());
            if (window.hits() > limit) {
                String name = second ? "requests_per_second" : "requests_per_minute";
                throw new ApiProblem(429, "rate-limited", "Too many requests",
                        "This API key is over its limit of " + limit + (second ? " requests per second" : " requests per minute"),
                        null)
                        .with("limit", name).with("limit_value", limit)
                        .header("Retry-After", Integer.toString(Math.max(1, window.secondsLeft())));
            }
        }
    }

    /** Forgets windows that have ended (any instance may run it). */
    public int sweep() {
        return jdbc.update("DELETE FROM rate_limit_windows WHERE window_start < now() - interval '2 minutes'");
    }
}
