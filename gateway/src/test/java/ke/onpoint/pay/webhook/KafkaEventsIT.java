package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Payment events on Kafka, against an in-process KRaft broker: every event once, keyed by the gateway reference,
 * in order per payment. The broker outlives the context (DirtiesContext closes Camel's producer first).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaEventsIT extends GatewayTest {

    private static final EmbeddedKafkaKraftBroker BROKER = KafkaTestBroker.start(3);
    private static final int OWN_PORT = freePort();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("onpoint.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-kafka-tests");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void everyEventOfAPaymentIsPublishedOnceInOrderKeyedByItsReference() throws Exception {
        String key = newMerchantKey();
        List<String> references = new ArrayList<>();
        for (String phone : new String[] {"0712348000", "0712348100", "0700000032"}) {
            Reply created = initiate(key, mpesaBody(phone, uniqueReference()));
            references.add(created.json().path("reference").asText());
        }
        awaitStatus(key, references.get(0), "completed");
        awaitStatus(key, references.get(1), "completed");
        awaitStatus(key, references.get(2), "cancelled");

        Map<String, List<String>> typesByKey = new java.util.HashMap<>();
        Map<String, String> ids = new java.util.HashMap<>();
        try (KafkaConsumer<String, String> consumer = KafkaTestBroker.consumer(BROKER.getBrokersAsString())) {
            consumer.subscribe(List.of(KafkaTestBroker.TOPIC));
            eventually()
                    .pollInSameThread()
                    .until(
                            () -> { // a consumer is single-threaded
                                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                                    JsonNode event = JSON.readTree(record.value());
                                    assertThat(ids.put(event.path("id").asText(), record.key()))
                                            .as("each event once")
                                            .isNull();
                                    assertThat(event.path("data")
                                                    .path("reference")
                                                    .asText())
                                            .isEqualTo(record.key());
                                    typesByKey
                                            .computeIfAbsent(record.key(), k -> new ArrayList<>())
                                            .add(event.path("type").asText());
                                }
                                return references.stream()
                                        .allMatch(r -> typesByKey
                                                        .getOrDefault(r, List.of())
                                                        .size()
                                                >= 2);
                            });
        }
        assertThat(typesByKey.get(references.get(0))).containsExactly("payment.initiated", "payment.completed");
        assertThat(typesByKey.get(references.get(1))).containsExactly("payment.initiated", "payment.completed");
        assertThat(typesByKey.get(references.get(2))).containsExactly("payment.initiated", "payment.cancelled");
        for (String reference : references) {
            assertThat(count(
                            "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND kafka_published_at IS NULL",
                            reference))
                    .isZero();
        }
    }
}
