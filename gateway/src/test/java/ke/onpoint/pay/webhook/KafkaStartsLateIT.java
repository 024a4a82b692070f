package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Kafka down: events wait in the outbox (payments and webhooks go on) and flow once the broker is there. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaStartsLateIT extends GatewayTest {

    private static final int KAFKA_PORT = freePort();
    private static final int OWN_PORT = freePort();

    /** A bootstrap address that starts answering once Kafka exists (clients then use the advertised listener). */
    private static void forward(int from, int to) throws java.io.IOException {
        java.net.ServerSocket server = new java.net.ServerSocket(from, 50, java.net.InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
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
        }, "kafka-bootstrap-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pipe(java.io.InputStream in, java.io.OutputStream out) {
        Thread thread = new Thread(() -> {
            try (in; out) {
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
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-kafka-late-tests");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void eventsWaitInTheOutboxUntilKafkaArrives() throws Exception {
        String key = newMerchantKey();
        String reference = initiate(key, mpesaBody("0712348200", uniqueReference())).json().path("reference").asText();
        awaitStatus(key, reference, "completed"); // payments do not wait for Kafka
        sleep(1_500);
        assertThat(count("SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND kafka_published_at IS NULL",
                reference)).isEqualTo(2);

        EmbeddedKafkaKraftBroker broker = KafkaTestBroker.start(1); // the context closes its producer first, at class end
        // the KRaft test broker picks its own port: the configured bootstrap address starts forwarding to it now
        String[] hostPort = broker.getBrokersAsString().split(":");
        forward(KAFKA_PORT, Integer.parseInt(hostPort[hostPort.length - 1]));

        long deadline = System.currentTimeMillis() + 30_000;
        while (count("SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND kafka_published_at IS NULL",
                reference) > 0 && System.currentTimeMillis() < deadline) {
            sleep(200);
        }
        assertThat(count("SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND kafka_published_at IS NULL",
                reference)).isZero();
        long keyed = 0;
        try (KafkaConsumer<String, String> consumer = KafkaTestBroker.consumer(broker.getBrokersAsString())) {
            consumer.subscribe(List.of(KafkaTestBroker.TOPIC));
            long until = System.currentTimeMillis() + 15_000;
            while (keyed < 2 && System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    keyed += reference.equals(record.key()) ? 1 : 0;
                }
            }
        }
        assertThat(keyed).isEqualTo(2);
    }
}
