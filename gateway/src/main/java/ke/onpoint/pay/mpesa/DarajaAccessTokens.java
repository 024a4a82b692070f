package ke.onpoint.pay.mpesa;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.security.FieldCipher;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One Daraja OAuth token per profile (live, and the sandbox when test keys have their own) for every instance of the
 * gateway, refreshed a margin before it expires. Daraja invalidates the previous token when a new one is issued, so
 * requests never fetch their own: they share the profile's token, only one thread of an instance refreshes it, and
 * instances share it through {@code daraja_access_tokens} (V30), where one fetches under the row's lock and the others
 * take what it stored. The row is the Daraja app's ({@link DarajaProfile#credential()}): an instance configured for
 * another Daraja or another consumer key never takes it. Requests read the token from memory; the database is read
 * only to refresh.
 */
@Component
public class DarajaAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(DarajaAccessTokens.class);
    private static final long DEFAULT_TTL_SECONDS = 3599;

    /** The encrypted column's binding: a token copied into another column does not decrypt. */
    static final String COLUMN = "daraja_access_tokens.token";

    private record Token(String value, Instant refreshAt) {}

    /** A profile's token and the last one Daraja refused; its monitor serialises that profile's refreshes. */
    private static final class Slot {
        private final String credential;
        private volatile Token current;
        private String rejected;

        private Slot(String credential) {
            this.credential = credential;
        }
    }

    private final ProducerTemplate producer;
    private final DarajaProfiles profiles;
    private final Duration margin;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FieldCipher cipher;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    public DarajaAccessTokens(
            @Lazy ProducerTemplate producer,
            DarajaProfiles profiles,
            DarajaProperties properties,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            FieldCipher cipher) {
        this.producer = producer;
        this.profiles = profiles;
        this.margin = properties.tokenRefreshMargin();
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
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
            slot.rejected = rejected; // not to be taken back from the database either
        }
    }

    private Slot slot(String profile) {
        return slots.computeIfAbsent(
                profile, name -> new Slot(profiles.named(name).credential()));
    }

    private Token refresh(String profile, Slot slot, Token stale) {
        synchronized (slot) {
            Token token = slot.current;
            if (token != null && token != stale && clock.instant().isBefore(token.refreshAt())) {
                return token; // another thread refreshed while we waited
            }
            String rejected = slot.rejected;
            token = transactions.execute(status -> shared(profile, slot.credential, rejected));
            slot.current = token;
            return token;
        }
    }

    /**
     * Under the app's row lock: the token another instance stored, while it is fresh and not the one Daraja refused
     * here; else a new one from Daraja, stored for the others. An instance waiting on the lock meanwhile takes the new
     * one instead of fetching its own (which would invalidate it).
     */
    private Token shared(String profile, String credential, String rejected) {
        jdbc.update(
                "INSERT INTO daraja_access_tokens (credential, profile, token, refresh_at) VALUES (?, ?, '', 'epoch') "
                        + "ON CONFLICT (credential) DO NOTHING",
                credential,
                profile);
        Token stored = jdbc.queryForObject(
                "SELECT token, refresh_at FROM daraja_access_tokens WHERE credential = ? FOR UPDATE",
                (rs, row) -> new Token(
                        rs.getString("token"), rs.getTimestamp("refresh_at").toInstant()),
                credential);
        String value = readable(stored.value());
        if (value != null && !value.equals(rejected) && clock.instant().isBefore(stored.refreshAt())) {
            return new Token(value, stored.refreshAt());
        }
        Token fresh = fetch(profile);
        jdbc.update(
                "UPDATE daraja_access_tokens SET profile = ?, token = ?, refresh_at = ?, issued_at = now() "
                        + "WHERE credential = ?",
                profile,
                cipher.encrypt(COLUMN, fresh.value()),
                Timestamp.from(fresh.refreshAt()),
                credential);
        return fresh;
    }

    /** The stored token in clear; none when empty or under a master key this instance lacks (one fetch replaces it). */
    private String readable(String stored) {
        if (stored == null || stored.isEmpty()) {
            return null;
        }
        try {
            return cipher.decrypt(COLUMN, stored);
        } catch (IllegalStateException notOurs) {
            log.warn("The shared Daraja token does not decrypt here ({}): fetching a new one", notOurs.getMessage());
            return null;
        }
    }

    private Token fetch(String profile) {
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
        log.info("Daraja access token refreshed for the {} profile (valid {} s)", profile, ttl);
        return new Token(value, clock.instant().plus(usable.isNegative() ? Duration.ofSeconds(ttl / 2) : usable));
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
