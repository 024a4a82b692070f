package ke.onpoint.simulator.daraja;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Token lifetime and the "a new token invalidates the old one" rule, on a clock the test moves by hand. */
class DarajaTokensTest {

    /** A clock that only moves when told to, so expiry is tested without sleeping. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2025-01-15T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static DarajaSimulatorProperties properties(Duration ttl, boolean invalidatePrevious) {
        return new DarajaSimulatorProperties(
                true,
                "key",
                "secret",
                "174379",
                "passkey",
                ttl,
                invalidatePrevious,
                Duration.ofSeconds(3),
                Duration.ofSeconds(8),
                Duration.ofSeconds(45),
                Duration.ofMinutes(5),
                Duration.ofSeconds(1));
    }

    @Test
    void tokenExpiresAfterTtl() {
        ManualClock clock = new ManualClock();
        DarajaTokens tokens = new DarajaTokens(properties(Duration.ofSeconds(3599), false), clock);
        String token = tokens.issue();

        assertThat(tokens.expiresInSeconds()).isEqualTo(3599);
        assertThat(tokens.acceptsBearer("Bearer " + token)).isTrue();
        assertThat(tokens.acceptsBearer("bearer " + token)).isTrue();
        clock.advance(Duration.ofSeconds(3598));
        assertThat(tokens.acceptsBearer("Bearer " + token)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.acceptsBearer("Bearer " + token)).isFalse();
    }

    @Test
    void newTokenInvalidatesOlderOnesOnlyWhenConfigured() {
        DarajaTokens lenient = new DarajaTokens(properties(Duration.ofHours(1), false), new ManualClock());
        String first = lenient.issue();
        String second = lenient.issue();
        assertThat(lenient.acceptsBearer("Bearer " + first)).isTrue();
        assertThat(lenient.acceptsBearer("Bearer " + second)).isTrue();

        DarajaTokens strict = new DarajaTokens(properties(Duration.ofHours(1), true), new ManualClock());
        String old = strict.issue();
        String fresh = strict.issue();
        assertThat(strict.acceptsBearer("Bearer " + old)).isFalse();
        assertThat(strict.acceptsBearer("Bearer " + fresh)).isTrue();
    }

    @Test
    void expireAllKillsEveryToken() {
        DarajaTokens tokens = new DarajaTokens(properties(Duration.ofHours(1), false), new ManualClock());
        String a = tokens.issue();
        String b = tokens.issue();

        assertThat(tokens.expireAll()).isEqualTo(2);
        assertThat(tokens.acceptsBearer("Bearer " + a)).isFalse();
        assertThat(tokens.acceptsBearer("Bearer " + b)).isFalse();
    }

    @Test
    void basicCredentialsMustMatchExactly() {
        DarajaTokens tokens = new DarajaTokens(properties(Duration.ofHours(1), false), new ManualClock());

        assertThat(tokens.acceptsBasic(basic("key:secret"))).isTrue();
        assertThat(tokens.acceptsBasic(basic("key:secret2"))).isFalse();
        assertThat(tokens.acceptsBasic(basic("key"))).isFalse();
        assertThat(tokens.acceptsBasic("Bearer " + Base64.getEncoder().encodeToString("key:secret".getBytes())))
                .isFalse();
        assertThat(tokens.acceptsBasic("Basic %%%")).isFalse();
        assertThat(tokens.acceptsBasic(null)).isFalse();
        assertThat(tokens.acceptsBearer(null)).isFalse();
        assertThat(tokens.acceptsBearer("Bearer ")).isFalse();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
