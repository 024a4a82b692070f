package ke.onpoint.simulator.flutterwave;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onpoint.simulator.flutterwave.*}: the secret key the simulated Flutterwave accepts, the dashboard's
 * secret hash it puts in {@code verif-hash}, where webhooks go, where the hosted checkout links point and how long
 * after the customer's choice the webhook leaves. Defaults suit a local app on port 8080, so a test that sets only
 * a few keys still gets a working simulator.
 */
@ConfigurationProperties("onpoint.simulator.flutterwave")
public record FlutterwaveSimulatorProperties(
        @DefaultValue("false") boolean enabled,

        @DefaultValue("FLWSECK_TEST-simulator0000000000000000-X")
        String secretKey,

        @DefaultValue("sim-flutterwave-verif-hash") String secretHash,

        @DefaultValue("http://localhost:8080/api/v1/payments/flutterwave/webhook/")
        String webhookUrl,

        @DefaultValue("http://localhost:8080/sim/flutterwave")
        String checkoutBaseUrl,

        @DefaultValue("1s") Duration webhookDelay) {

    /** The checkout base without a trailing slash, so links never contain {@code //}. */
    String checkoutBase() {
        String base = checkoutBaseUrl == null ? "" : checkoutBaseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    long webhookDelayMs() {
        return webhookDelay == null || webhookDelay.isNegative() ? 0 : webhookDelay.toMillis();
    }
}
