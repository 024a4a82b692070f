package ke.onpoint.simulator.flutterwave;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random parts of Flutterwave's identifiers: flw_ref, card tokens and checkout link tokens. */
final class FlutterwaveIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FlutterwaveIds() {}

    /** {@code length} lower-case hex characters (length even). */
    static String hex(int length) {
        byte[] bytes = new byte[length / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Flutterwave's test-mode reference, {@code FLW-MOCK-} and 32 hex characters. */
    static String flwRef() {
        return "FLW-MOCK-" + hex(32);
    }

    /** The last path segment of a hosted checkout link: unguessable and URL-safe whatever the tx_ref holds. */
    static String checkoutToken() {
        return hex(24);
    }
}
