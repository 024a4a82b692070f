package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.KafkaTestBroker;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Kafka down: events wait in the outbox (payments and webhooks go on) and flow once the broker is there. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaStartsLateIT extends GatewayTest {

    private static final int KAFKA_PORT = freePort();
    private static final int OWN_PORT = freePort();

    @Autowired
    private CamelContext camel;

    /** A bootstrap address that starts answering once Kafka exists (clients then use the advertised listener). */
    private static void forward(int from, int to) throws java.io.IOException {
        java.net.ServerSocket server = new java.net.ServerSocket(from, 50, java.net.InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            java.net.Socket client = server.accept();
                            java.net.Socket upstream = new java.net.Socket("127.0.0.1", to);
                            pipe(client.getInputStream(), upstream.getOutputStream());
                            pipe(upstream.getInputStream(), client.getOutputStream());
                        } catch (java.io.IOException e) {
                            return;
                        }
                    }
                },
                "kafka-bootstrap-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pipe(java.io.InputStream in, java.io.OutputStream out) {
        Thread thread = new Thread(() -> {
            try (in;
                    out) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                // the connection ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    @DynamicPropertySource
    static void kafkaNotThereYet(DynamicPropertyRegistry registry) {
        registry.add("onpoint.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA_PORT);
        // each publisher run waits this long for the absent broker: the test waits for two such runs
        registry.add("onpoint.kafka.max-block", () -> "1s");
        registry.add(
                "spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-kafka-late-tests");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void eventsWaitInTheOutboxUntilKafkaArrives() throws Exception {
        String key = newMerchantKey();
        String reference = initiate(key, mpesaBody("0712348200", uniqueReference()))
                .json()
                .path("reference")
                .asText();
        awaitStatus(key, reference, "completed"); // payments do not wait for Kafka
        // the publisher runs one at a time: of two runs that end from now on, the second began with both events in
        // the outbox, and a publication would have marked them by its end
        assertThat(new NotifyBuilder(camel)
                        .fromRoute("outbox-kafka")
                        .whenCompleted(2)
                        .create()
                        .matches(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND kafka_published_at IS NULL",
                        reference))
                .isEqualTo(2);

        EmbeddedKafkaKraftBroker broker =
                KafkaTestBroker.start(1); // the context closes its producer first, at class end
        // the KRaft test broker picks its own port: the configured bootstrap address starts forwarding to it now
        String[] hostPort = broker.getBrokersAsString().split(":");
        forward(KAFKA_PORT, Integer.parseInt(hostPort[hostPort.length - 1]));

        eventually()
                .untilAsserted(() -> assertThat(count(
                                "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? "
                                        + "AND kafka_published_at IS NULL",
                                reference))
                        .isZero());
        AtomicLong keyed = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = KafkaTestBroker.consumer(broker.getBrokersAsString())) {
            consumer.subscribe(List.of(KafkaTestBroker.TOPIC));
            eventually()
                    .pollInSameThread()
                    .until(
                            () -> { // a consumer is single-threaded
                                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                                    keyed.addAndGet(reference.equals(record.key()) ? 1 : 0);
                                }
                                return keyed.get() >= 2;
                            });
        }
        assertThat(keyed.get()).isEqualTo(2);
    }
}
