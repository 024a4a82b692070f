package ke.onpoint.simulator.paystack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.stereotype.Component;

/** What every Paystack API call passes first: the faults (a Paystack that is down answers 503 even to a bad key), then the secret key. */
@Component("paystackSimKeyGuard")
@ConditionalOnPaystackSimulator
public class PaystackKeyGuard {

    private final PaystackFaults faults;
    private final byte[] secretKey;

    public PaystackKeyGuard(PaystackSimulatorProperties properties, PaystackFaults faults) {
        this.faults = faults;
        this.secretKey = properties.secretKey().getBytes(StandardCharsets.UTF_8);
    }

    void check(String authorization) {
        faults.apply();
        if (authorization == null
                || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw PaystackApiException.invalidKey();
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, secretKey)) {
            throw PaystackApiException.invalidKey();
        }
    }
}
