package ke.onpoint.simulator.daraja;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onpoint.simulator.daraja.accounts.*}: the simulated C2B, Transaction Status and Reversal APIs. Every key has a
 * default, so nothing needs to be in application.yml.
 *
 * @param initiatorName      the API operator ({@code Initiator}) Transaction Status and Reversal must name
 * @param initiatorPassword  the password the {@code SecurityCredential} must decrypt to
 * @param privateKey         classpath location of the simulator's PKCS#8 PEM private key, which decrypts
 *                           SecurityCredentials encrypted with {@code mpesa/simulator-certificate.cer}
 * @param validationTimeout  how long the C2B ValidationURL has to answer before ResponseType applies (Daraja: ~8 s)
 * @param notificationDelay  from C2B simulate (or {@code /__sim/c2b/pay}) to the validation/confirmation POST
 * @param resultDelay        from a Transaction Status/Reversal request to its Result (results mode "normal")
 * @param productionMode     start in "production mode": URLs register once per shortcode, simulate is absent
 * @param openingBalance     each shortcode's utility account balance before the first simulated payment
 * @param openingWorkingBalance each shortcode's Working (MMF) account balance, which B2B payments are paid from
 * @param duplicateResultGap  between the two POSTs of a payout's duplicated Result (scenario duplicate_result)
 */
@ConfigurationProperties("onpoint.simulator.daraja.accounts")
public record DarajaAccountProperties(
        @DefaultValue("testapi") String initiatorName,
        @DefaultValue("Safaricom999!*!") String initiatorPassword,

        @DefaultValue("simulator/daraja/simulator-private-key.pem")
        String privateKey,

        @DefaultValue("8s") Duration validationTimeout,
        @DefaultValue("500ms") Duration notificationDelay,
        @DefaultValue("2s") Duration resultDelay,
        @DefaultValue("false") boolean productionMode,
        @DefaultValue("50000") long openingBalance,
        @DefaultValue("1000000") long openingWorkingBalance,
        @DefaultValue("1s") Duration duplicateResultGap) {}
