package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    static ClientAddresses trusting(String... proxies) {
        return new ClientAddresses(new SecurityProperties(
                "x".repeat(32),
                Duration.ofMinutes(15),
                Duration.ofDays(30),
                Duration.ofDays(7),
                "k",
                List.of(),
                List.of(proxies),
                List.of(),
                List.of(),
                false,
                new SecurityProperties.Login(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15)),
                new SecurityProperties.RateLimit(100, 3000)));
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() {
        assertThat(trusting().resolve("203.0.113.5", "196.201.214.200")).isEqualTo("203.0.113.5");
        assertThat(trusting("10.0.0.0/8").resolve("203.0.113.5", "196.201.214.200"))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void fromATrustedProxyTheRightmostUntrustedHopIsTheClient() {
        ClientAddresses addresses = trusting("10.0.0.0/8");
        assertThat(addresses.resolve("10.0.0.2", "196.201.214.200")).isEqualTo("196.201.214.200");
        // the client put a forged address first; our proxies appended the real one and themselves
        assertThat(addresses.resolve("10.0.0.2", "1.2.3.4, 196.201.214.200, 10.0.0.7"))
                .isEqualTo("196.201.214.200");
        assertThat(addresses.resolve("10.0.0.2", null)).isEqualTo("10.0.0.2");
    }
}
