package ke.onpoint.simulator.flutterwave;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the Flutterwave v3 simulator (base path {@code /sim/flutterwave}): a Spring Boot auto-configuration,
 * listed in {@code META-INF/spring/...AutoConfiguration.imports}, so it exists wherever this module is on the
 * classpath (the sandbox, the gateway's tests) and nowhere else: no application scans this package. Every bean name
 * starts with "flutterwave" so none collides with the Daraja simulator's.
 */
@AutoConfiguration
@ConditionalOnFlutterwaveSimulator
@EnableConfigurationProperties(FlutterwaveSimulatorProperties.class)
@Import({
    FlutterwaveFaults.class,
    FlutterwaveStats.class,
    FlutterwaveWebhookLog.class,
    FlutterwaveWebhookSender.class,
    FlutterwaveTransactions.class,
    FlutterwaveApiController.class,
    FlutterwaveCheckoutController.class,
    FlutterwaveControlController.class,
    FlutterwaveKeyGuard.class,
    FlutterwaveApiAdvice.class,
    // Reconciliation: the transaction list and planted discrepancies
    FlutterwaveRecon.class,
    FlutterwaveReportController.class,
    FlutterwaveReconControlController.class
})
public class FlutterwaveSimulatorConfiguration {}
