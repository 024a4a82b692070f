package ke.onpoint.pay.webhook;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Fans committed outbox events out, in order, on every instance: a batch is claimed ({@code SKIP LOCKED}) and each
 * event goes to {@code direct:payment-events}, the YAML route in {@code routes/payment-events.yaml} an integration
 * engineer extends (Kafka, filters, more targets). Claim and fan-out share one transaction: an event is either
 * handed on and marked published, or neither; a process that dies between commit and publish loses nothing.
 */
@Component
public class OutboxDispatchRoutes extends RouteBuilder {

    public static final String PAYMENT_EVENTS = "direct:payment-events";
    public static final String WEBHOOK_ENQUEUE = "direct:webhook-enqueue";
    private static final int BATCH = 200;
    private static final String DISPATCH_BATCH = "direct:outbox-dispatch-batch";
    private static final String FULL_BATCH = "outboxFullBatch";

    private final WebhookDeliveries deliveries;
    private final WebhookProperties webhooks;

    public OutboxDispatchRoutes(WebhookDeliveries deliveries, WebhookProperties webhooks) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
    }

    @Override
    public void configure() {
        // A full batch means more is waiting: claim again at once (each batch its own transaction) rather than
        // capping the fan-out at one batch per period.
        from("timer:outbox-dispatch?period=" + webhooks.dispatchPeriodMs() + "&delay=1000").routeId("outbox-dispatch")
                .setProperty(FULL_BATCH, constant(true))
                .loopDoWhile(exchangeProperty(FULL_BATCH))
                    .to(DISPATCH_BATCH)
                .end();

        from(DISPATCH_BATCH).routeId("outbox-dispatch-batch")
                .transacted()
                .process(e -> {
                    var events = deliveries.claimUnpublished(BATCH);
                    e.setProperty(FULL_BATCH, events.size() == BATCH);
                    e.getMessage().setBody(events);
                })
                .split(body())
                    .to(PAYMENT_EVENTS)
                .end();

        from(WEBHOOK_ENQUEUE).routeId("webhook-enqueue")
                .process(e -> deliveries.enqueue(e.getMessage().getBody(WebhookDeliveries.Event.class)));
    }
}
