package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Customer phones and emails, merchant phones and webhook secrets are unreadable in the database, readable through
 * the gateway, found by phone through the keyed hash, and stay so across a master key rotation (a second instance
 * with the new key and the old one as previous, then the re-encrypt command). Runs on a database of its own, so the
 * rotation touches no other test's data.
 */
// the database is chosen before the context's dynamic properties exist: an inlined test property
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "onpoint.embedded-db.database=onpoint_rotation")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EncryptionAtRestIT extends GatewayTest {

    private static final int OWN_PORT = freePort();
    private static final String DATABASE = "onpoint_rotation";
    private static final String NEW_KEY =
            Base64.getEncoder().encodeToString("rotated-master-key-32-bytes-ok!!".getBytes());

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-rotation-a");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void sensitiveColumnsAreCiphertextAndSurviveAKeyRotation() {
        Session owner = register();
        String key = createKey(owner, "test", "payments:write", "payments:read");
        String body = mpesaBody("0712345678", uniqueReference())
                .replace("\"metadata\"", "\"email\":\"jane@customer.test\",\"metadata\"");
        String reference = initiate(key, body).json().path("reference").asText();
        awaitStatus(key, reference, "completed");
        String other = initiate(key, mpesaBody("0722000111", uniqueReference()))
                .json()
                .path("reference")
                .asText();

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT phone, email, paid_phone, phone_hash FROM payments WHERE reference = ?", reference);
        assertThat((String) row.get("phone")).startsWith("v1:").doesNotContain("712345678");
        assertThat((String) row.get("email")).startsWith("v1:").doesNotContain("jane");
        assertThat((String) row.get("paid_phone")).startsWith("v1:");
        assertThat((byte[]) row.get("phone_hash")).hasSize(32);
        String merchantRow = jdbc.queryForObject(
                "SELECT phone || ' ' || webhook_secret FROM merchants WHERE id = ?", String.class, owner.merchantId());
        assertThat(merchantRow).doesNotContain("712345678").doesNotContain("whsec_");
        String oldKeyId = ((String) row.get("phone")).split(":")[1];

        Reply read = payment(key, reference);
        assertThat(read.json().path("phone").asText()).isEqualTo("254712345678");
        assertThat(read.json().path("email").asText()).isEqualTo("jane@customer.test");
        assertThat(byPhone(port, key, "0712345678")).containsExactly(reference);
        assertThat(byPhone(port, key, "0722000111")).containsExactly(other);

        int rotatedPort = freePort();
        try (ConfigurableApplicationContext rotated = new SpringApplicationBuilder(OnPointPayApplication.class)
                .profiles("test")
                .run(
                        "--server.port=" + rotatedPort,
                        "--onpoint.embedded-db.database=" + DATABASE,
                        "--onpoint.security.master-key=" + NEW_KEY,
                        "--onpoint.security.previous-master-keys=" + ZGV2_DEFAULT_KEY,
                        "--spring.quartz.properties.org.quartz.scheduler.instanceName=onpoint-pay-rotation-b")) {
            // the new instance reads values written under the old key, and finds them by phone
            assertThat(paymentAt(rotatedPort, key, reference).path("phone").asText())
                    .isEqualTo("254712345678");
            assertThat(byPhone(rotatedPort, key, "0712345678")).containsExactly(reference);

            AtRestReencryption.Report report =
                    rotated.getBean(AtRestReencryption.class).run();
            assertThat(report.values()).isGreaterThanOrEqualTo(5);
            assertThat(report.keyId()).isNotEqualTo(oldKeyId);
            Map<String, Object> after =
                    jdbc.queryForMap("SELECT phone, email, paid_phone FROM payments WHERE reference = ?", reference);
            assertThat(after.values()).allSatisfy(v -> assertThat((String) v).startsWith("v1:" + report.keyId() + ":"));
            assertThat(count(
                            "SELECT count(*) FROM merchants WHERE webhook_secret NOT LIKE ?",
                            "v1:" + report.keyId() + ":%"))
                    .isZero();

            assertThat(paymentAt(rotatedPort, key, reference).path("email").asText())
                    .isEqualTo("jane@customer.test");
            assertThat(byPhone(rotatedPort, key, "0712345678")).containsExactly(reference);
            // a second run finds nothing left to do: the old key can now be retired
            assertThat(rotated.getBean(AtRestReencryption.class).run().values()).isZero();
        }
    }

    /** application.yml's development master key: what this test class's first instance encrypts with. */
    private static final String ZGV2_DEFAULT_KEY = "ZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";

    private static List<String> byPhone(int instance, String key, String phone) {
        Reply reply = callAt(instance, "GET", "/api/v1/payments/transactions?phone=" + phone, key, null, Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("data").findValuesAsText("reference");
    }

    private static com.fasterxml.jackson.databind.JsonNode paymentAt(int instance, String key, String reference) {
        Reply reply = callAt(instance, "GET", "/api/v1/payments/transactions/" + reference, key, null, Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
