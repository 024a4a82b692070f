package ke.onpoint.simulator.paystack;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onpoint.simulator.paystack.*}: the secret key the simulated Paystack accepts (and signs webhooks with),
 * where it sends webhooks, the base of its hosted checkout links and how long its asynchronous outcomes take.
 * Defaults mirror the intended application.yml so a test that sets only a few keys still gets a working simulator.
 *
 * @param webhookUrl      the "dashboard" webhook URL every event is POSTed to
 * @param checkoutBaseUrl the simulator's own public base ({@code .../sim/paystack}); authorization_url starts with it
 * @param webhookDelay    from payment (checkout Pay, M-Pesa charge, refund) to its outcome and webhook
 * @param redeliveryDelay between webhook attempts that did not get a 200
 * @param maxDeliveries   webhook attempts per event (first delivery included); at least 1
 * @param transferBalance the integration's KES balance (subunits) that transfers are paid from, at start
 */
@ConfigurationProperties("onpoint.simulator.paystack")
public record PaystackSimulatorProperties(
        @DefaultValue("false") boolean enabled,

        @DefaultValue("sk_test_simulator_paystack_0000000000000000")
        String secretKey,

        @DefaultValue("http://localhost:8000/api/v1/payments/paystack/webhook/")
        String webhookUrl,

        @DefaultValue("http://localhost:8000/sim/paystack") String checkoutBaseUrl,
        @DefaultValue("1s") Duration webhookDelay,
        @DefaultValue("3s") Duration redeliveryDelay,
        @DefaultValue("3") int maxDeliveries,
        @DefaultValue("100000000") long transferBalance) {

    public PaystackSimulatorProperties {
        if (checkoutBaseUrl != null && checkoutBaseUrl.endsWith("/")) {
            checkoutBaseUrl = checkoutBaseUrl.substring(0, checkoutBaseUrl.length() - 1);
        }
        maxDeliveries = Math.max(1, maxDeliveries);
    }
}
