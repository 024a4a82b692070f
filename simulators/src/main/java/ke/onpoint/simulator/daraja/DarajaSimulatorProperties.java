package ke.onpoint.simulator.daraja;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onpoint.simulator.daraja.*}: the credentials the simulated Daraja accepts and how long its outcomes take.
 * Defaults mirror application.yml so a test that sets only a few keys still gets a working simulator.
 */
@ConfigurationProperties("onpoint.simulator.daraja")
public record DarajaSimulatorProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("sim-consumer-key") String consumerKey,
        @DefaultValue("sim-consumer-secret") String consumerSecret,
        @DefaultValue("174379") String shortcode,

        @DefaultValue("bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919")
        String passkey,

        @DefaultValue("3599s") Duration tokenTtl,
        @DefaultValue("false") boolean invalidatePreviousToken,
        @DefaultValue("3s") Duration callbackDelay,
        @DefaultValue("8s") Duration cancelDelay,
        @DefaultValue("45s") Duration timeoutDelay,
        @DefaultValue("5m") Duration lateDelay,
        @DefaultValue("1s") Duration duplicateGap) {}
