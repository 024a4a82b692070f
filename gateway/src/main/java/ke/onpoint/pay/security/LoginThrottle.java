package ke.onpoint.pay.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import ke.onpoint.pay.api.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Guessing passwords is slowed per account and per source address, in PostgreSQL so every instance counts the same
 * failures: after {@code max-account-failures} (or {@code max-ip-failures}) within the window, logins for that
 * account (address) are refused with 429 until the lockout ends, even with the right password. A success clears
 * the account's count.
 */
@Component
public class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final SecurityProperties.Login policy;

    public LoginThrottle(JdbcTemplate jdbc, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.policy = properties.login();
    }

    static String account(String email) {
        return "account:" + email.trim().toLowerCase(Locale.ROOT);
    }

    static String address(String ip) {
        return "ip:" + ip;
    }

    /** Refuses the attempt with 429 and Retry-After when the account or the address is locked out. */
    public void checkAllowed(String email, String ip) {
        List<Timestamp> locks = jdbc.queryForList(
                "SELECT locked_until FROM login_failures WHERE subject IN (?, ?) "
                        + "AND locked_until > now() ORDER BY locked_until DESC",
                Timestamp.class,
                account(email),
                address(ip));
        if (!locks.isEmpty()) {
            long wait =
                    Duration.between(Instant.now(), locks.get(0).toInstant()).toSeconds() + 1;
            throw new ApiProblem(
                            429,
                            "login-throttled",
                            "Too many failed logins",
                            "Too many failed logins for this account or from this address; try again in " + wait
                                    + " seconds",
                            null)
                    .with("limit", "login_failures")
                    .header("Retry-After", Long.toString(Math.max(1, wait)));
        }
    }

    public void failed(String email, String ip) {
        count(account(email), policy.maxAccountFailures());
        count(address(ip), policy.maxIpFailures());
    }

    public void succeeded(String email) {
        jdbc.update("DELETE FROM login_failures WHERE subject = ?", account(email));
    }

    /** One more failure in the subject's window (a new window once the old one is over); the limit locks it out. */
    private void count(String subject, int limit) {
        jdbc.update("""
                INSERT INTO login_failures AS f (subject, failures, window_started_at) VALUES (?, 1, now())
                ON CONFLICT (subject) DO UPDATE SET
                    failures = CASE WHEN f.window_started_at < now() - ?::interval THEN 1 ELSE f.failures + 1 END,
                    window_started_at = CASE WHEN f.window_started_at < now() - ?::interval THEN now()
                                             ELSE f.window_started_at END""", subject, interval(policy.window()), interval(policy.window()));
        jdbc.update(
                "UPDATE login_failures SET locked_until = now() + ?::interval, failures = 0, window_started_at = now() "
                        + "WHERE subject = ? AND failures >= ?",
                interval(policy.lockout()),
                subject,
                limit);
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
