package ke.onpoint.pay.security;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every minute, on every instance (the deletes are idempotent): ended rate-limit windows, expired refresh tokens and
 * stale login-failure counts are forgotten, so these tables stay small.
 */
@Component
public class SecurityHousekeepingRoutes extends RouteBuilder {

    private final RateLimits rateLimits;
    private final JdbcTemplate jdbc;

    public SecurityHousekeepingRoutes(RateLimits rateLimits, JdbcTemplate jdbc) {
        this.rateLimits = rateLimits;
        this.jdbc = jdbc;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        from("timer:security-housekeeping?period=60000&delay=30000").routeId("security-housekeeping")
                .process(e -> {
                    rateLimits.sweep();
                    jdbc.update("DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'");
                    jdbc.update("DELETE FROM login_failures WHERE window_started_at < now() - interval '1 day' "
                            + "AND (locked_until IS NULL OR locked_until < now())");
                });
    }
    // spotless:on
}
