package ke.onpoint.pay.mpesa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * One Daraja OAuth token per profile (live, and the sandbox when test keys have their own) for the whole process,
 * refreshed a margin before it expires. Daraja invalidates the previous token when a new one is issued, so requests
 * never fetch their own: they share the profile's token, and only one thread refreshes it.
 */
@Component
public class DarajaAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(DarajaAccessTokens.class);
    private static final long DEFAULT_TTL_SECONDS = 3599;

    private record Token(String value, Instant refreshAt) {}

    /** A profile's token; its monitor serialises that profile's refreshes. */
    private static final class Slot {
        private volatile Token current;
    }

    private final ProducerTemplate producer;
    private final Duration margin;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    public DarajaAccessTokens(@Lazy ProducerTemplate producer, DarajaProperties properties) {
        this.producer = producer;
        this.margin = properties.tokenRefreshMargin();
    }

    public String current(String profile) {
        Slot slot = slot(profile);
        Token token = slot.current;
        if (token == null || !clock.instant().isBefore(token.refreshAt())) {
            token = refresh(profile, slot, token);
        }
        return token.value();
    }

    /** Forgets a token Daraja rejected, unless another thread has already replaced it. */
    public void invalidate(String profile, String rejected) {
        Slot slot = slot(profile);
        synchronized (slot) {
            Token token = slot.current;
            if (token != null && token.value().equals(rejected)) {
                slot.current = null;
            }
        }
    }

    private Slot slot(String profile) {
        return slots.computeIfAbsent(profile, p -> new Slot());
    }

    private Token refresh(String profile, Slot slot, Token stale) {
        synchronized (slot) {
            Token token = slot.current;
            if (token != null && token != stale && clock.instant().isBefore(token.refreshAt())) {
                return token; // another thread refreshed while we waited
            }
            JsonNode answer;
            try {
                answer = producer.requestBody(DarajaRoutes.oauth(profile), null, JsonNode.class);
            } catch (CamelExecutionException e) {
                // callers classify Daraja's own failures (envelope, outage), not Camel's wrapper around them
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            String value = answer.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new DarajaUnavailableException("Daraja's OAuth answer has no access_token");
            }
            long ttl = expiresIn(answer.get("expires_in"));
            Duration usable = Duration.ofSeconds(ttl).minus(margin);
            token = new Token(value, clock.instant().plus(usable.isNegative() ? Duration.ofSeconds(ttl / 2) : usable));
            slot.current = token;
            log.info("Daraja access token refreshed for the {} profile (valid {} s)", profile, ttl);
            return token;
        }
    }

    /** Daraja documents {@code expires_in} as a number; older deployments send the string "3599". */
    static long expiresIn(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_TTL_SECONDS;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        try {
            return Long.parseLong(node.asText().trim());
        } catch (NumberFormatException e) {
            return DEFAULT_TTL_SECONDS;
        }
    }
}
