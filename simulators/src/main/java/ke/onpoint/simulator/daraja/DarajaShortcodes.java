package ke.onpoint.simulator.daraja;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lipa na M-Pesa shortcodes the simulated Daraja app may push for, each with its passkey: the configured one,
 * plus those linked at run time ({@code POST /sim/daraja/__sim/shortcodes}), as Safaricom links a merchant's own
 * paybill to an app.
 */
@ConditionalOnDarajaSimulator
@org.springframework.stereotype.Component
public class DarajaShortcodes {

    private final Map<String, String> passkeys = new ConcurrentHashMap<>();

    public DarajaShortcodes(DarajaSimulatorProperties properties) {
        passkeys.put(properties.shortcode(), properties.passkey());
    }

    /** The passkey of a linked shortcode, or null. */
    public String passkey(String shortcode) {
        return shortcode == null ? null : passkeys.get(shortcode);
    }

    public void link(String shortcode, String passkey) {
        passkeys.put(shortcode, passkey);
    }
}
