package ke.onpoint.simulator.paystack;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the Paystack simulator (base path {@code /sim/paystack}): a Spring Boot auto-configuration, listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}, so it exists wherever this module is on the classpath (the
 * sandbox, the gateway's tests) and nowhere else: no application scans this package. Every bean has an explicit
 * {@code paystackSim...} name, so none collides with the Daraja simulator's or with the gateway's own Paystack
 * client classes.
 */
@AutoConfiguration
@ConditionalOnPaystackSimulator
@EnableConfigurationProperties(PaystackSimulatorProperties.class)
@Import({
    PaystackFaults.class,
    PaystackStats.class,
    PaystackWebhookLog.class,
    PaystackWebhookSender.class,
    PaystackTransactions.class,
    PaystackApiController.class,
    PaystackCheckoutController.class,
    PaystackControlController.class,
    PaystackKeyGuard.class,
    PaystackApiAdvice.class,
    // Transfers and balance
    PaystackTransfers.class,
    PaystackTransferController.class,
    PaystackTransferControlController.class,
    // Reconciliation feeds and planted discrepancies
    PaystackReports.class,
    PaystackReportController.class,
    PaystackReconControlController.class
})
public class PaystackSimulatorConfiguration {}
