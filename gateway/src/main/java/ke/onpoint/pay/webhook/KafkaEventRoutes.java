package ke.onpoint.pay.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.ops.BacklogDrain;
import ke.onpoint.pay.payment.Outbox;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;
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
 * keyed by the payment's gateway reference so a payment's events stay ordered in one partition. A batch is sent in
 * order as one producer call (Kafka batches the records) and the events Kafka acknowledged are marked in one statement,
 * in the transaction that locked them. The batch's first event goes alone: when Kafka is down it fails within
 * max-block and the whole batch waits in the outbox for the next run (instead of every record waiting max-block). An
 * event that was not acknowledged waits, and so do the later events of its payment, even if Kafka took them: they are
 * sent again after it, so the last event a consumer gets for a payment is its latest. Webhooks have their own hand-off
 * and never wait for Kafka.
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
                + "&maxBlockMs=" + maxBlock.toMillis() + "&requestTimeoutMs=5000&deliveryTimeoutMs=10000&lingerMs=0"
                // each record of a batch gets its metadata (Kafka's acknowledgement) or its exception (off by default)
                + "&recordMetadata=true";
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

    /** Sends a batch in order inside one transaction; returns how many events were marked published. */
    int publishBatch() {
        return transactions.execute(tx -> {
            List<Outbox.Event> events = outbox.lockForKafka(BATCH);
            if (events.isEmpty()) {
                return 0;
            }
            List<Exchange> records = send(events.subList(0, 1));
            if (acknowledged(records.get(0))) {
                records.addAll(send(events.subList(1, events.size())));
            }
            List<Long> published = new ArrayList<>(events.size());
            Set<String> waiting = new HashSet<>(); // payments with an event Kafka did not take in this batch
            for (int i = 0; i < events.size(); i++) {
                Outbox.Event event = events.get(i);
                if (i < records.size() && acknowledged(records.get(i)) && !waiting.contains(event.reference())) {
                    published.add(event.id());
                } else {
                    if (waiting.isEmpty() && i < records.size()) {
                        Exception cause = records.get(i).getException();
                        log.warn(
                                "Kafka did not take event {} ({}); it and its payment's later events wait in the outbox",
                                event.eventId(),
                                cause == null ? "no acknowledgement" : cause.toString());
                    }
                    waiting.add(event.reference());
                }
            }
            outbox.markKafkaPublished(published);
            return published.size(); // fewer than a full batch ends the drain until the next period
        });
    }

    /** The events as Kafka records, handed to the producer in one call; each comes back with its outcome. */
    private List<Exchange> send(List<Outbox.Event> events) {
        List<Exchange> records = new ArrayList<>(events.size());
        if (events.isEmpty()) {
            return records;
        }
        for (Outbox.Event event : events) {
            try {
                records.add(ExchangeBuilder.anExchange(getContext())
                        .withBody(EventEnvelope.json(
                                json, event.eventId(), event.type(), event.createdAt(), event.payload()))
                        .withHeader(KafkaConstants.KEY, event.reference())
                        .build());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Outbox event " + event.eventId() + " has no JSON payload", e);
            }
        }
        producer.send(endpoint, exchange -> exchange.getMessage().setBody(records));
        return records;
    }

    private static boolean acknowledged(Exchange record) {
        return record.getException() == null && record.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META) != null;
    }
}
