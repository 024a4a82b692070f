package ke.onpoint.pay.simulator.daraja;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the Daraja simulator (base path {@code /sim/daraja}). The app's component scan finds these classes
 * anyway; the explicit import lets a test context load the simulator alone, and Spring de-duplicates the two.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDarajaSimulator
@EnableConfigurationProperties({DarajaSimulatorProperties.class, DarajaAccountProperties.class})
@Import({
        SimulatorTokens.class,
        SimulatorShortcodes.class,
        SimulatorFaults.class,
        StkQueryFaults.class,
        SimulatorStats.class,
        CallbackLog.class,
        CallbackSender.class,
        StkSimulator.class,
        DarajaSimulatorController.class,
        DarajaSimulatorControlController.class,
        // C2B, Transaction Status and Reversal
        SecurityCredentials.class,
        AccountScheduler.class,
        OrgAccounts.class,
        AccountApiStats.class,
        C2bValidationClient.class,
        C2bSimulator.class,
        AccountResultsSimulator.class,
        DarajaAccountController.class,
        DarajaAccountControlController.class
})
public class DarajaSimulatorConfiguration {
}
