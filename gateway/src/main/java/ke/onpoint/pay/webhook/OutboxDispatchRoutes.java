package ke.onpoint.pay.webhook;

import ke.onpoint.pay.ops.BacklogDrain;
import ke.onpoint.pay.ops.BatchResults;
import ke.onpoint.pay.payment.Outbox;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Fans committed outbox events out, in order, on every instance: a batch is claimed ({@code SKIP LOCKED}) and each
 * event goes to {@code direct:payment-events}, the YAML route in {@code routes/payment-events.yaml} an integration
 * engineer extends (Kafka, filters, more targets). Claim and fan-out share one transaction: an event is either
 * handed on and marked published, or neither; a process that dies between commit and publish loses nothing.
 *
 * <p>The webhook hand-off ({@code direct:webhook-enqueue}) only marks an event for webhooks; the batch's marked
 * events become deliveries in one statement after the split, in the same transaction.
 */
@Component
public class OutboxDispatchRoutes extends RouteBuilder {

    public static final String PAYMENT_EVENTS = "direct:payment-events";
    public static final String WEBHOOK_ENQUEUE = "direct:webhook-enqueue";
    private static final int BATCH = 200;
    private static final String DISPATCH_BATCH = "direct:outbox-dispatch-batch";
    /** Set by the webhook hand-off on an event's exchange: the event, as it was claimed. */
    private static final String FOR_WEBHOOKS = "outboxEventForWebhooks";

    private final Outbox outbox;
    private final WebhookDeliveries deliveries;
    private final WebhookProperties webhooks;

    public OutboxDispatchRoutes(Outbox outbox, WebhookDeliveries deliveries, WebhookProperties webhooks) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // the batch route is transacted: each round of the drain commits on its own
        BacklogDrain.whileBatchFull(
                from("timer:outbox-dispatch?period=" + webhooks.dispatchPeriodMs() + "&delay=1000").routeId("outbox-dispatch"))
                    .to(DISPATCH_BATCH)
                .end();

        from(DISPATCH_BATCH).routeId("outbox-dispatch-batch")
                .transacted()
                .process(e -> {
                    var events = outbox.claimUnpublished(BATCH);
                    BacklogDrain.batchTaken(e, events.size(), BATCH);
                    e.getMessage().setBody(events);
                })
                // the events the YAML route handed to webhooks come back from the split as one list (the last
                // batch's marker, copied back by the split, is dropped first so no event inherits it)
                .removeProperty(FOR_WEBHOOKS)
                .split(body(), BatchResults.collecting(FOR_WEBHOOKS))
                    .to(PAYMENT_EVENTS)
                .end()
                .process(this::enqueueWebhooks);

        from(WEBHOOK_ENQUEUE).routeId("webhook-enqueue")
                .setProperty(FOR_WEBHOOKS, body());
    }
    // spotless:on

    /** The batch's webhook deliveries, in one statement. */
    private void enqueueWebhooks(Exchange exchange) {
        deliveries.enqueueAll(BatchResults.of(exchange, Outbox.Event.class));
    }
}
