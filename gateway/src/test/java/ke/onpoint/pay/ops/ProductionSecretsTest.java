package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ke.onpoint.pay.OnPointPayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The gateway refuses to start with the simulators' credentials or the development secrets where real ones belong.
 * Each start below fails while the configuration is read, before the database or any bean; should a check ever let
 * one through, the unreachable database stops it (and the assertion on the message fails).
 */
class ProductionSecretsTest {

    private static final String[] NO_DATABASE = {
        "--onpoint.embedded-db.enabled=false",
        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
        "--spring.main.lazy-initialization=true"
    };

    private static SpringApplicationBuilder gateway(String... profiles) {
        return new SpringApplicationBuilder(OnPointPayApplication.class)
                .profiles(profiles)
                .web(WebApplicationType.NONE);
    }

    private static String[] with(String... args) {
        String[] all = java.util.Arrays.copyOf(NO_DATABASE, NO_DATABASE.length + args.length);
        System.arraycopy(args, 0, all, NO_DATABASE.length, args.length);
        return all;
    }

    @Test
    void sandboxWithoutCertificateOrInitiatorPasswordNeverUsesTheSimulators() {
        assertThatThrownBy(() -> gateway("test")
                        .run(with(
                                "--onpoint.mpesa.env=sandbox",
                                "--onpoint.mpesa.base-url=https://sandbox.safaricom.co.ke",
                                "--onpoint.mpesa.consumer-key=app-key",
                                "--onpoint.mpesa.consumer-secret=app-secret")))
                .hasMessageContaining("MPESA_ENV=sandbox needs MPESA_INITIATOR_PASSWORD")
                .hasMessageContaining("MPESA_ENV=sandbox needs MPESA_CERTIFICATE");
    }

    @Test
    void productionWithTheSimulatorsCertificateAndAppIsRefused() {
        assertThatThrownBy(() -> gateway("test")
                        .run(with(
                                "--onpoint.mpesa.env=production",
                                "--onpoint.mpesa.initiator-password=secret",
                                "--onpoint.mpesa.certificate=classpath:mpesa/simulator-certificate.cer")))
                .hasMessageContaining("MPESA_CERTIFICATE (it is the simulator's")
                .hasMessageContaining("MPESA_CONSUMER_KEY (it is the simulator's")
                .hasMessageContaining("MPESA_BASE_URL (it is the simulator's")
                .hasMessageNotContaining("MPESA_INITIATOR_PASSWORD");
    }

    @Test
    void liveCardProcessorsWithoutTheirOwnSecretsAreRefused() {
        assertThatThrownBy(() -> gateway("test")
                        .run(with(
                                "--onpoint.paystack.env=live",
                                "--onpoint.paystack.base-url=https://api.paystack.co",
                                "--onpoint.flutterwave.env=live",
                                "--onpoint.flutterwave.base-url=https://api.flutterwave.com",
                                "--onpoint.flutterwave.secret-key=")))
                .hasMessageContaining("PAYSTACK_ENV=live needs PAYSTACK_SECRET_KEY")
                .hasMessageContaining("FLUTTERWAVE_ENV=live needs FLUTTERWAVE_SECRET_KEY")
                .hasMessageContaining("FLUTTERWAVE_ENV=live needs FLUTTERWAVE_WEBHOOK_HASH");
    }

    @Test
    void developmentSecretKeyAndMasterKeyAreRefusedOutsideDevAndTest() {
        assertThatThrownBy(() -> gateway("prod")
                        .run(with(
                                "--onpoint.security.secret-key=dev-only-secret-key-do-not-use-in-production-0123456789",
                                "--onpoint.security.master-key=ZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=")))
                .hasMessageContaining("SECRET_KEY (it is the simulator's or the development default)")
                .hasMessageContaining("ONPOINT_MASTER_KEY (it is the simulator's or the development default)");
        assertThatThrownBy(() -> gateway("staging").run(with()))
                .hasMessageContaining("the staging profile needs SECRET_KEY")
                .hasMessageContaining("the staging profile needs ONPOINT_MASTER_KEY");
    }
}
