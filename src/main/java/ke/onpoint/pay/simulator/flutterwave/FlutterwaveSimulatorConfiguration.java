package ke.onpoint.pay.simulator.flutterwave;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the Flutterwave v3 simulator (base path {@code /sim/flutterwave}). The app's component scan finds
 * these classes anyway; the explicit import lets a test context load the simulator alone, and Spring de-duplicates
 * the two. Every bean name starts with "flutterwave" so none collides with the Daraja simulator's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnFlutterwaveSimulator
@EnableConfigurationProperties(FlutterwaveSimulatorProperties.class)
@Import({
        FlutterwaveSimulatorFaults.class,
        FlutterwaveSimulatorStats.class,
        FlutterwaveWebhookLog.class,
        FlutterwaveWebhookSender.class,
        FlutterwaveSimulator.class,
        FlutterwaveSimulatorController.class,
        FlutterwaveCheckoutController.class,
        FlutterwaveSimulatorControlController.class
})
public class FlutterwaveSimulatorConfiguration {
}
