package ke.onpoint.simulator.daraja;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The client's side of an STK Password, as a test of the simulator writes it (the gateway has its own). */
final class StkPasswords {

    private StkPasswords() {}

    static String timestamp(Instant at) {
        return DarajaTime.TIMESTAMP.format(at);
    }

    static String password(String shortCode, String passkey, String timestamp) {
        return Base64.getEncoder()
                .encodeToString((shortCode + passkey + timestamp).getBytes(StandardCharsets.US_ASCII));
    }
}
