package ke.onpoint.pay.webhook;

import java.time.Duration;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.ops.BacklogDrain;
import ke.onpoint.pay.payment.Outbox;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox events to Kafka ({@code KAFKA_BOOTSTRAP_SERVERS}) with an idempotent producer and acks=all,
 * keyed by the payment's gateway reference so a payment's events stay ordered in one partition. Events are marked
 * one by one as Kafka acknowledges them; when Kafka is down the run stops at the first failure and the rest wait in
 * the outbox for the next run. Webhooks have their own hand-off and never wait for Kafka.
 */
@Component
@ConditionalOnExpression("'${onpoint.kafka.bootstrap-servers:}' != ''")
public class KafkaEventRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventRoutes.class);
    private static final int BATCH = 200;

    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final ProducerTemplate producer;
    private final ApiJson json;
    private final WebhookProperties webhooks;
    private final String endpoint;

    public KafkaEventRoutes(
            Outbox outbox,
            TransactionTemplate transactions,
            @Lazy ProducerTemplate producer,
            ApiJson json,
            WebhookProperties webhooks,
            @Value("${onpoint.kafka.bootstrap-servers}") String servers,
            @Value("${onpoint.kafka.topic}") String topic,
            @Value("${onpoint.kafka.max-block:5s}") Duration maxBlock) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.producer = producer;
        this.json = json;
        this.webhooks = webhooks;
        this.endpoint = "kafka:" + topic + "?brokers=" + servers + "&enableIdempotence=true&requestRequiredAcks=all"
                + "&maxBlockMs=" + maxBlock.toMillis() + "&requestTimeoutMs=5000&deliveryTimeoutMs=10000&lingerMs=0";
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // Batch after batch while they come back full, so a backlog is not capped at one batch per period.
        BacklogDrain.whileBatchFull(
                from("timer:outbox-kafka?period=" + webhooks.dispatchPeriodMs() + "&delay=1000").routeId("outbox-kafka"))
                    .process(e -> BacklogDrain.batchTaken(e, publishBatch(), BATCH))
                .end();
    }
    // spotless:on

    /** Sends a batch in order inside one transaction; returns how many Kafka acknowledged. */
    int publishBatch() {
        return transactions.execute(tx -> {
            int published = 0;
            for (Outbox.Event event : outbox.lockForKafka(BATCH)) {
                try {
                    producer.requestBodyAndHeader(
                            endpoint,
                            EventEnvelope.json(json, event.eventId(), event.type(), event.createdAt(), event.payload()),
                            KafkaConstants.KEY,
                            event.reference());
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    log.warn(
                            "Kafka did not take event {} ({}); it and later events wait in the outbox",
                            event.eventId(),
                            cause.toString());
                    break;
                }
                outbox.markKafkaPublished(event.id());
                published++;
            }
            return published;
        });
    }
}
