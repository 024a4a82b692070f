package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.KafkaTestBroker;
import ke.onpoint.pay.support.WebhookReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two gateway instances (two Spring contexts on one database) fan out the same outbox at once: every event reaches
 * the merchant's webhook receiver once and Kafka once, whichever instance took the payment.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TwoInstancesFanOutIT extends GatewayTest {

    private static final EmbeddedKafkaKraftBroker BROKER = KafkaTestBroker.start(3);
    private static final int OWN_PORT = freePort();
    private static final int PAYMENTS = 24;


    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("onpoint.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-two-a");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void bothInstancesFanOutTheSameOutboxAndEveryEventArrivesOnceAtEachEnd() throws Exception {
        int otherPort = freePort();
        try (WebhookReceiver receiver = WebhookReceiver.answering(204);
                ConfigurableApplicationContext other = new SpringApplicationBuilder(OnPointPayApplication.class)
                .profiles("test")
                .run("--server.port=" + otherPort, "--onpoint.kafka.bootstrap-servers=" + BROKER.getBrokersAsString(),
                        "--spring.quartz.properties.org.quartz.scheduler.instanceName=onpoint-pay-two-b")) {
            String key = newMerchantKey();
            String hook = receiver.url();
            List<String> references = new ArrayList<>();
            for (int i = 0; i < PAYMENTS; i++) {
                int instancePort = i % 2 == 0 ? port : otherPort; // half the payments through each instance
                String body = mpesaBody("07123" + String.format("%03d", i) + "00", uniqueReference())
                        .replace("\"metadata\"", "\"callback_url\":\"" + hook + "\",\"metadata\"");
                Reply created = send(HttpRequest.newBuilder(URI.create("http://localhost:" + instancePort
                        + "/api/v1/payments/initiate")).timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                references.add(created.json().path("reference").asText());
            }
            for (String reference : references) {
                awaitStatus(key, reference, "completed");
            }
            long events = count("SELECT count(*) FROM outbox_events WHERE aggregate_reference = ANY(?::text[])",
                    "{" + String.join(",", references) + "}");
            assertThat(events).isEqualTo(2L * PAYMENTS);

            Map<String, Integer> onKafka = new java.util.HashMap<>();
            try (KafkaConsumer<String, String> consumer = KafkaTestBroker.consumer(BROKER.getBrokersAsString())) {
                consumer.subscribe(List.of(KafkaTestBroker.TOPIC));
                long deadline = System.currentTimeMillis() + 30_000;
                // keep reading a little after the last expected event so a duplicate would show
                long quietUntil = Long.MAX_VALUE;
                while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                        JsonNode event = JSON.readTree(record.value());
                        if (references.contains(record.key())) {
                            onKafka.merge(event.path("id").asText(), 1, Integer::sum);
                        }
                    }
                    if (onKafka.size() == events && receiver.deliveriesPerEvent().size() == events
                            && quietUntil == Long.MAX_VALUE) {
                        quietUntil = System.currentTimeMillis() + 2_000;
                    }
                }
            }
            assertThat(onKafka).hasSize((int) events);
            assertThat(onKafka.values()).as("each event once on Kafka").containsOnly(1);
            assertThat(receiver.deliveriesPerEvent()).hasSize((int) events);
            assertThat(receiver.deliveriesPerEvent().values()).as("each webhook once").containsOnly(1L);
            assertThat(count("SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                    + "WHERE o.aggregate_reference = ANY(?::text[]) AND d.status = 'delivered'",
                    "{" + String.join(",", references) + "}")).isEqualTo(events);
        }
    }

}
