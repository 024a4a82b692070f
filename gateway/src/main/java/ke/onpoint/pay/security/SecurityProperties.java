package ke.onpoint.pay.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Logins, tokens, encryption at rest and request admission ({@code onpoint.security.*}). */
@ConfigurationProperties("onpoint.security")
public record SecurityProperties(
        String secretKey,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration inviteTtl,
        String masterKey,
        List<String> previousMasterKeys,
        List<String> trustedProxies,
        List<String> corsOrigins,
        List<String> allowedHosts,
        boolean debug,
        Login login,
        RateLimit rateLimit) {

    public SecurityProperties {
        previousMasterKeys = clean(previousMasterKeys);
        trustedProxies = clean(trustedProxies);
        corsOrigins = clean(corsOrigins);
        allowedHosts = clean(allowedHosts);
        if (secretKey == null || secretKey.length() < 32) {
            throw new IllegalStateException("SECRET_KEY must be set to at least 32 characters (it signs login tokens)");
        }
        if (masterKey == null || masterKey.isBlank()) {
            throw new IllegalStateException(
                    "ONPOINT_MASTER_KEY must be set: base64 of 32 random bytes (openssl rand -base64 32)");
        }
    }

    /** Failed logins allowed per account and per source address within the window before a lockout. */
    public record Login(int maxAccountFailures, int maxIpFailures, Duration window, Duration lockout) {}

    /** Requests per API key, for merchants without figures of their own. */
    public record RateLimit(int perSecond, int perMinute) {}

    private static List<String> clean(List<String> values) {
        return values == null
                ? List.of()
                : values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
