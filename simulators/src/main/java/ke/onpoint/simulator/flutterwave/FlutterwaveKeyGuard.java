package ke.onpoint.simulator.flutterwave;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.stereotype.Component;

/** {@code Authorization: Bearer <secret key>} exactly (scheme case-insensitive), compared in constant time. */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveKeyGuard {

    private final FlutterwaveSimulatorProperties properties;

    public FlutterwaveKeyGuard(FlutterwaveSimulatorProperties properties) {
        this.properties = properties;
    }

    void check(String authorization) {
        String prefix = "Bearer ";
        boolean ok = authorization != null
                && authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                && properties.secretKey() != null
                && MessageDigest.isEqual(
                        authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8),
                        properties.secretKey().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw FlutterwaveApiException.unauthorized();
        }
    }
}
