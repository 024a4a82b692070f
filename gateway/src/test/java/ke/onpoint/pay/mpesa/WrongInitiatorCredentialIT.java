package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A wrong initiator password still yields a well-formed SecurityCredential (RSA with the right certificate); the
 * simulator decrypts it as Safaricom does and answers the reversal with 2001. The refund fails with that code.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WrongInitiatorCredentialIT extends GatewayTest {

    private static final int OWN_PORT = freePort();

    @DynamicPropertySource
    static void wrongPassword(DynamicPropertyRegistry registry) {
        registry.add("onpoint.mpesa.initiator-password", () -> "not-the-initiator-password");
        registry.add(
                "spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-credential-tests");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void reversalWithAWrongCredentialFailsWith2001() {
        String key = newMerchantKey();
        Reply created = initiate(key, mpesaBody("0712346000", uniqueReference()));
        String reference = created.json().path("reference").asText();
        awaitStatus(key, reference, "completed");

        assertThat(post("/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\"}", Map.of())
                        .status())
                .isEqualTo(201);
        awaitPayment(
                key,
                reference,
                p -> "failed"
                        .equals(jdbc.queryForObject(
                                "SELECT r.status FROM refunds r JOIN payments p "
                                        + "ON p.id = r.payment_id WHERE p.reference = ?",
                                String.class,
                                reference)),
                Duration.ofSeconds(15));
        assertThat(jdbc.queryForObject(
                        "SELECT r.failure_code FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                + "WHERE p.reference = ?",
                        String.class,
                        reference))
                .isEqualTo("2001");
        assertThat(payment(key, reference).json().path("status").asText()).isEqualTo("completed");
    }
}
