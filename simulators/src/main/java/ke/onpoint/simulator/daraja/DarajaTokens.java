package ke.onpoint.simulator.daraja;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The OAuth side of the simulator: checks Basic credentials, issues bearer tokens and remembers when they die. */
@Component
@ConditionalOnDarajaSimulator
public class DarajaTokens {

    private final DarajaSimulatorProperties properties;
    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    @Autowired
    public DarajaTokens(DarajaSimulatorProperties properties) {
        this(properties, Clock.systemUTC());
    }

    DarajaTokens(DarajaSimulatorProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** True when the header is {@code Basic base64(consumerKey:consumerSecret)} for the configured app. */
    public boolean acceptsBasic(String authorization) {
        String encoded = credentials(authorization, "Basic");
        if (encoded == null) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String expected = properties.consumerKey() + ":" + properties.consumerSecret();
        return MessageDigest.isEqual(
                decoded.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Issues a token valid for tokenTtl. Synchronized because with invalidatePreviousToken (the Daraja FAQ's rule)
     * "clear, then add" must not interleave with another issue.
     */
    public synchronized String issue() {
        Instant now = clock.instant();
        if (properties.invalidatePreviousToken()) {
            expiries.clear();
        } else {
            expiries.values().removeIf(expiry -> !now.isBefore(expiry)); // keep the map from growing forever
        }
        String token = DarajaIds.accessToken();
        expiries.put(token, now.plus(properties.tokenTtl()));
        return token;
    }

    /** The {@code expires_in} Daraja reports: the token lifetime in whole seconds. */
    public long expiresInSeconds() {
        return properties.tokenTtl().toSeconds();
    }

    public boolean acceptsBearer(String authorization) {
        String token = credentials(authorization, "Bearer");
        if (token == null) {
            return false;
        }
        Instant expiry = expiries.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** Every token issued so far stops working, as when Safaricom rotates tokens under a running client. */
    public synchronized int expireAll() {
        int count = expiries.size();
        expiries.clear();
        return count;
    }

    private static String credentials(String authorization, String scheme) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() <= scheme.length() || !value.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return null;
        }
        String credentials = value.substring(scheme.length() + 1).trim();
        return credentials.isEmpty() ? null : credentials;
    }
}
