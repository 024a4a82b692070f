package ke.onpoint.pay.security;

import ke.onpoint.pay.api.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Requests per API key per second and per minute, counted in PostgreSQL so every instance sees the same count
 * (fixed windows keyed by the database clock; the counting itself happens in {@link KeyAdmissions}' statement).
 * Over either limit: 429 with Retry-After until the window ends and a problem naming the limit.
 */
@Component
public class RateLimits {

    private final JdbcTemplate jdbc;
    private final SecurityProperties.RateLimit defaults;

    public RateLimits(JdbcTemplate jdbc, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.defaults = properties.rateLimit();
    }

    /** Refuses the request when either window of the key is over its limit (the merchant's, else the default). */
    public void check(KeyAdmissions.Admission admission) {
        over(
                admission.second(),
                admission.perSecondLimit() != null ? admission.perSecondLimit() : defaults.perSecond(),
                "requests_per_second",
                "second");
        over(
                admission.minute(),
                admission.perMinuteLimit() != null ? admission.perMinuteLimit() : defaults.perMinute(),
                "requests_per_minute",
                "minute");
    }

    private static void over(KeyAdmissions.Window window, int limit, String name, String unit) {
        if (window != null && window.hits() > limit) {
            throw new ApiProblem(
                            429,
                            "rate-limited",
                            "Too many requests",
                            "This API key is over its limit of " + limit + " requests per " + unit,
                            null)
                    .with("limit", name)
                    .with("limit_value", limit)
                    .header("Retry-After", Integer.toString(Math.max(1, window.secondsLeft())));
        }
    }

    /** Forgets windows that have ended (any instance may run it). */
    public int sweep() {
        return jdbc.update("DELETE FROM rate_limit_windows WHERE window_start < now() - interval '2 minutes'");
    }
}
