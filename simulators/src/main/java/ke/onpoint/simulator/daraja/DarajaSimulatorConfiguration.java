package ke.onpoint.simulator.daraja;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the Daraja simulator (base path {@code /sim/daraja}): a Spring Boot auto-configuration, listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}, so it exists wherever this module is on the classpath (the
 * sandbox, the gateway's tests) and nowhere else: no application scans this package.
 */
@AutoConfiguration
@ConditionalOnDarajaSimulator
@EnableConfigurationProperties({DarajaSimulatorProperties.class, DarajaAccountProperties.class})
@Import({
    DarajaTokens.class,
    DarajaShortcodes.class,
    DarajaFaults.class,
    DarajaStkQueryFaults.class,
    DarajaStats.class,
    DarajaCallbackLog.class,
    DarajaCallbackSender.class,
    DarajaStkTransactions.class,
    DarajaApiController.class,
    DarajaControlController.class,
    // C2B, Transaction Status and Reversal
    SecurityCredentials.class,
    AccountScheduler.class,
    OrgAccounts.class,
    DarajaAccountStats.class,
    C2bValidationClient.class,
    C2bSimulator.class,
    AccountResultsSimulator.class,
    DarajaAccountController.class,
    DarajaAccountControlController.class,
    // B2C and B2B payouts
    PayoutSimulator.class,
    DarajaPayoutController.class,
    DarajaPayoutControlController.class,
    // Account Balance, the org portal's statement and planted discrepancies
    AccountBalanceSimulator.class,
    OrgStatement.class,
    DarajaReconControlController.class
})
public class DarajaSimulatorConfiguration {}
