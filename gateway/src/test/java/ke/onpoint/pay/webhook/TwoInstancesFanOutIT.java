package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.KafkaTestBroker;
import ke.onpoint.pay.support.WebhookReceiver;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

    @Autowired
    private CamelContext camel;

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
                        .run(
                                "--server.port=" + otherPort,
                                "--onpoint.kafka.bootstrap-servers=" + BROKER.getBrokersAsString(),
                                "--spring.quartz.properties.org.quartz.scheduler.instanceName=onpoint-pay-two-b")) {
            String key = newMerchantKey();
            String hook = receiver.url();
            List<String> references = new ArrayList<>();
            for (int i = 0; i < PAYMENTS; i++) {
                int instancePort = i % 2 == 0 ? port : otherPort; // half the payments through each instance
                String body = mpesaBody("07123" + String.format("%03d", i) + "00", uniqueReference())
                        .replace("\"metadata\"", "\"callback_url\":\"" + hook + "\",\"metadata\"");
                Reply created = send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + instancePort + "/api/v1/payments/initiate"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                references.add(created.json().path("reference").asText());
            }
            for (String reference : references) {
                awaitStatus(key, reference, "completed");
            }
            long events = count(
                    "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ANY(?::text[])",
                    "{" + String.join(",", references) + "}");
            assertThat(events).isEqualTo(2L * PAYMENTS);

            Map<String, Integer> onKafka = new java.util.HashMap<>();
            try (KafkaConsumer<String, String> consumer = KafkaTestBroker.consumer(BROKER.getBrokersAsString())) {
                consumer.subscribe(List.of(KafkaTestBroker.TOPIC));
                eventually()
                        .pollInSameThread()
                        .until(
                                () -> { // a consumer is single-threaded
                                    read(consumer, references, onKafka);
                                    return onKafka.size() == events
                                            && receiver.deliveriesPerEvent().size() == events;
                                });
                // Every event is here once. A second copy would come from a later run of an instance's fan-out: once
                // each instance has ended two more runs of its outbox and Kafka routes, then of its delivery route (the
                // first of two may have been under way), and Kafka is read to its end, a duplicate would be here.
                CamelContext[] instances = {camel, other.getBean(CamelContext.class)};
                awaitRuns(instances, "outbox-dispatch", "outbox-kafka");
                awaitRuns(instances, "webhook-deliveries");
                eventually().pollInSameThread().until(() -> {
                    read(consumer, references, onKafka);
                    return readToTheEnd(consumer);
                });
            }
            assertThat(onKafka).hasSize((int) events);
            assertThat(onKafka.values()).as("each event once on Kafka").containsOnly(1);
            assertThat(receiver.deliveriesPerEvent()).hasSize((int) events);
            assertThat(receiver.deliveriesPerEvent().values())
                    .as("each webhook once")
                    .containsOnly(1L);
            assertThat(count(
                            "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                    + "WHERE o.aggregate_reference = ANY(?::text[]) AND d.status = 'delivered'",
                            "{" + String.join(",", references) + "}"))
                    .isEqualTo(events);
        }
    }

    private static void read(
            KafkaConsumer<String, String> consumer, List<String> references, Map<String, Integer> onKafka)
            throws java.io.IOException {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
            JsonNode event = JSON.readTree(record.value());
            if (references.contains(record.key())) {
                onKafka.merge(event.path("id").asText(), 1, Integer::sum);
            }
        }
    }

    private static boolean readToTheEnd(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return !partitions.isEmpty() && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /** Two completed runs of each route on every instance, counted from now (a route runs one exchange at a time). */
    private static void awaitRuns(CamelContext[] instances, String... routes) {
        for (CamelContext instance : instances) {
            NotifyBuilder runs = new NotifyBuilder(instance);
            for (int i = 0; i < routes.length; i++) {
                (i == 0 ? runs : runs.and()).fromRoute(routes[i]).whenCompleted(2);
            }
            assertThat(runs.create().matches(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as(String.join(", ", routes))
                    .isTrue();
        }
    }
}
