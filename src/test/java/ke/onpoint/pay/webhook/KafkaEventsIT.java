package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

    private static final String TOPIC = "onpoint.payment-events";
    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    private static final int OWN_PORT = freePort();

    private static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
        broker.afterPropertiesSet();
        return broker;
    }

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
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && !references.stream().allMatch(r ->
                    typesByKey.getOrDefault(r, List.of()).size() >= 2)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(record.value());
                    assertThat(ids.put(event.path("id").asText(), record.key())).as("each event once").isNull();
                    assertThat(event.path("data").path("reference").asText()).isEqualTo(record.key());
                    typesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.path("type").asText());
                }
            }
        }
        assertThat(typesByKey.get(references.get(0))).containsExactly("payment.initiated", "payment.completed");
        assertThat(typesByKey.get(references.get(1))).containsExactly("payment.initiated", "payment.completed");
        assertThat(typesByKey.get(references.get(2))).containsExactly("payment.initiated", "payment.cancelled");
        for (String reference : references) {
            assertThat(count("SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND kafka_published_at IS NULL",
                    reference)).isZero();
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
