package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.KafkaTestBroker;
import ke.onpoint.pay.support.WebhookReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every amount the gateway writes is a plain decimal with two places ({@code 100.00}, {@code 0.00}, never
 * {@code 1E+2} or {@code 0}), wherever it goes: the API's answers, the webhooks, the Kafka events and the audit CSV.
 * Checked on the raw text each receiver gets, since a JSON parser would read 1E+2 as 100 and hide the defect.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MoneyOnTheWireIT extends GatewayTest {

    private static final EmbeddedKafkaKraftBroker BROKER = KafkaTestBroker.start(1);
    private static final int OWN_PORT = freePort();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("onpoint.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-money-tests");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void moneyOnTheWireIsAPlainDecimalWithTwoPlacesInApiWebhooksKafkaAndCsv() throws Exception {
        Session owner = register();
        String key = createKey(owner, "test", "payments:write", "payments:read", "refunds:write");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Reply hook =
                    call("PUT", "/api/v1/merchants/me/webhook", owner.access(), "{\"url\":\"" + receiver.url() + "\"}");
            assertThat(hook.status()).as(hook.body()).isEqualTo(200);

            // M-Pesa, KES 100 sent as 1E+2: nothing refunded
            Reply mpesa = initiate(
                    key,
                    "{\"amount\":1E+2,\"payment_method\":\"mpesa\",\"phone\":\"0712345678\"," + "\"reference\":\""
                            + uniqueReference() + "\"}");
            assertThat(mpesa.status()).as(mpesa.body()).isEqualTo(201);
            String mpesaRef = mpesa.json().path("reference").asText();
            assertPlain(mpesa.body(), "\"amount\":100.00", "\"amount_refunded\":0.00");
            awaitStatus(key, mpesaRef, "completed");
            assertPlain(payment(key, mpesaRef).body(), "\"amount\":100.00", "\"amount_refunded\":0.00");

            // a card payment of KES 2500, KES 1000 of it refunded
            Reply card = initiate(
                    key,
                    "{\"amount\":2500,\"currency\":\"KES\",\"payment_method\":\"card\","
                            + "\"email\":\"customer@example.com\",\"reference\":\"" + uniqueReference() + "\"}");
            assertThat(card.status()).as(card.body()).isEqualTo(201);
            String cardRef = card.json().path("reference").asText();
            String url = card.json().path("authorization_url").asText();
            post(
                    "/sim/paystack/__sim/checkout/" + url.substring(url.lastIndexOf('/') + 1) + "/pay",
                    null,
                    "{}",
                    Map.of());
            awaitStatus(key, cardRef, "completed");
            Reply refund = post(
                    "/api/v1/payments/refund",
                    key,
                    "{\"reference\":\"" + cardRef + "\",\"amount\":1000," + "\"reason\":\"one item back\"}",
                    Map.of());
            assertThat(refund.status()).as(refund.body()).isEqualTo(201);
            assertPlain(refund.body(), "\"amount\":1000.00", "\"amount_refunded\":1000.00");
            awaitStatus(key, cardRef, "partially_refunded");
            assertPlain(payment(key, cardRef).body(), "\"amount\":2500.00", "\"amount_refunded\":1000.00");

            // webhooks: every event of both payments, as the merchant's endpoint received it
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> types(receiver, mpesaRef).size() >= 2
                            && types(receiver, cardRef).contains("payment.partially_refunded"));
            for (WebhookReceiver.Received webhook : receiver.delivered()) {
                String body = webhook.body();
                if (body.contains(mpesaRef)) {
                    assertPlain(body, "\"amount\":100.00", "\"amount_refunded\":0.00");
                } else if (body.contains("\"type\":\"payment.initiated\"")
                        || body.contains("\"type\":\"payment.completed\"")) {
                    assertPlain(body, "\"amount\":2500.00", "\"amount_refunded\":0.00");
                } else if (body.contains(cardRef)) {
                    assertPlain(body, "\"amount_refunded\":1000.00");
                }
            }

            // Kafka: the same envelope
            List<String> kafka = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = KafkaTestBroker.consumer(BROKER.getBrokersAsString())) {
                consumer.subscribe(List.of(KafkaTestBroker.TOPIC));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                        if (record.key().equals(mpesaRef)) {
                            kafka.add(record.value());
                        }
                    }
                    return kafka.size() >= 2;
                });
            }
            kafka.forEach(value -> assertPlain(value, "\"amount\":100.00", "\"amount_refunded\":0.00"));

            // the audit CSV: the records of the initiations and the refund, amounts as decimals
            Reply csv = get("/api/v1/audit-logs?format=csv", owner.access());
            assertThat(csv.status()).as(csv.body()).isEqualTo(200);
            assertThat(csv.body())
                    .contains("\"\"amount\"\": 100.00")
                    .contains("\"\"amount\"\": 2500.00")
                    .contains("\"\"amount\"\": 1000.00")
                    .doesNotContain("E+")
                    .doesNotContain("amount_minor");
        }
    }

    private static void assertPlain(String text, String... amounts) {
        assertThat(text)
                .contains(amounts)
                .doesNotContainPattern("\"amount(_refunded)?\":-?[0-9.]*E")
                .doesNotContainPattern("\"amount(_refunded)?\":-?[0-9]+[,}]");
    }

    private static List<String> types(WebhookReceiver receiver, String reference) {
        return receiver.delivered().stream()
                .filter(r -> r.body().contains(reference))
                .map(r -> r.body().replaceAll("(?s).*\"type\":\"([^\"]+)\".*", "$1"))
                .toList();
    }
}
