package ke.onpoint.pay.support;

import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The in-process KRaft broker of the Kafka tests, and a consumer that reads a topic from its start. */
public final class KafkaTestBroker {

    public static final String TOPIC = "onpoint.payment-events";

    private KafkaTestBroker() {}

    /** A started broker with the events topic; left running for the JVM (the contexts close their producers first). */
    public static EmbeddedKafkaKraftBroker start(int partitions) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, TOPIC);
        broker.afterPropertiesSet();
        return broker;
    }

    /** A consumer in a group of its own, from the earliest offset. */
    public static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
