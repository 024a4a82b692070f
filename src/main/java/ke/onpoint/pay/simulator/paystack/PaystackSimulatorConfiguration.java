package ke.onpoint.pay.simulator.paystack;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the Paystack simulator (base path {@code /sim/paystack}). The app's component scan finds these
 * classes anyway; the explicit import lets a test context load the simulator alone, and Spring de-duplicates the two.
 * Every bean has an explicit {@code paystackSim...} name, so none collides with the Daraja simulator's or with the
 * gateway's own Paystack client classes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnPaystackSimulator
@EnableConfigurationProperties(PaystackSimulatorProperties.class)
@Import({
        PaystackFaults.class,
        PaystackStats.class,
        PaystackWebhookLog.class,
        PaystackWebhookSender.class,
        PaystackLedger.class,
        PaystackSimulatorController.class,
        PaystackCheckoutController.class,
        PaystackSimulatorControlController.class
})
public class PaystackSimulatorConfiguration {
}
