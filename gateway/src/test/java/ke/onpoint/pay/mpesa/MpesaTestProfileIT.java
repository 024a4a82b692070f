package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Test keys reach the test Daraja profile and live keys the live one, each with its own token and breaker: here the
 * live Daraja is unreachable (a closed port) while the test profile is the simulator, as a sandbox would be.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MpesaTestProfileIT extends GatewayTest {

    private static final int OWN_PORT = freePort();
    private static final int CLOSED_PORT = freePort();

    @DynamicPropertySource
    static void profiles(DynamicPropertyRegistry registry) {
        registry.add("onpoint.test.port", () -> OWN_PORT);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-mpesa-profiles");
        registry.add("onpoint.mpesa.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("onpoint.mpesa.test.env", () -> "sandbox");
        registry.add("onpoint.mpesa.test.base-url", () -> "http://localhost:" + OWN_PORT + "/sim/daraja");
        registry.add("onpoint.mpesa.test.consumer-key", () -> "${onpoint.mpesa.consumer-key}");
        registry.add("onpoint.mpesa.test.consumer-secret", () -> "${onpoint.mpesa.consumer-secret}");
        registry.add("onpoint.mpesa.test.shortcode", () -> "${onpoint.mpesa.shortcode}");
        registry.add("onpoint.mpesa.test.passkey", () -> "${onpoint.mpesa.passkey}");
        registry.add("onpoint.mpesa.test.initiator-name", () -> "${onpoint.mpesa.initiator-name}");
        registry.add("onpoint.mpesa.test.initiator-password", () -> "Safaricom999!*!"); // the simulator's
        registry.add("onpoint.mpesa.test.certificate", () -> "classpath:mpesa/simulator-certificate.cer");
    }

    @Test
    void testKeysReachTheTestDarajaAndLiveKeysTheLiveOne() {
        Session owner = register();
        jdbc.update("UPDATE merchants SET kyc_status = 'approved' WHERE id = ?", owner.merchantId());
        String testKey = createKey(owner, "test", "payments:write", "payments:read", "refunds:write");
        String liveKey = createKey(owner, "live", "payments:write", "payments:read");

        Reply test = initiate(testKey, mpesaBody("254708374149", uniqueReference()));
        assertThat(test.status()).as(test.body()).isEqualTo(201);
        String reference = test.json().path("reference").asText();
        awaitStatus(testKey, reference, "completed");

        // the live Daraja does not answer: the live payment fails as a provider outage, the test one was unaffected
        Reply live = initiate(liveKey, mpesaBody("254708374149", uniqueReference()));
        assertThat(live.status()).as(live.body()).isEqualTo(503);
        assertThat(live.json().path("payment_status").asText()).isEqualTo("failed");

        // a reversal of the test payment goes to the test Daraja too (its initiator and certificate)
        Reply refund = post("/api/v1/payments/refund", testKey, "{\"reference\":\"" + reference + "\"}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        awaitStatus(testKey, reference, "refunded");
    }
}
