package ke.onpoint.pay.webhook;

import java.time.Instant;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.kernel.AfterCommit;
import ke.onpoint.pay.ops.BacklogDrain;
import ke.onpoint.pay.ops.BatchResults;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries, signed, to the merchant: any 2xx is delivered. Anything else (non-2xx, timeout,
 * connection error, refused target) is caught and goes into the persisted retry schedule, so retries survive restarts
 * and run on any instance; after the schedule's last chance the delivery is {@code failed}.
 * Every attempt is logged with its status, latency and the start of the answer. Redirects are not followed.
 *
 * <p>A batch at a time: one statement claims up to {@code batch-size} due deliveries, their POSTs go out at once
 * ({@code senders} in flight, over kept-alive connections), and one statement records every attempt and its outcome.
 * A claim is a lease: should the process die before the record, the batch is due again once the lease ends and is
 * sent again (at least once, never lost). Each recorded attempt counts in {@code onpoint.webhook.deliveries{outcome}}:
 * {@code delivered}, {@code retry} (another try is scheduled) or {@code failed} (given up).
 */
@Component
public class WebhookDeliveryRoutes extends RouteBuilder {

    private static final String DELIVER = "direct:webhook-deliver";
    private static final String DUE = "webhookDue";
    private static final String STARTED = "webhookStarted";
    /** The attempt a sub-exchange made, collected for the batch's record. */
    private static final String ATTEMPT = "webhookAttempt";

    public static final String METRIC = "onpoint.webhook.deliveries";

    private final WebhookDeliveries deliveries;
    private final WebhookProperties webhooks;
    private final ApiJson json;
    private final MeterRegistry meters;

    public WebhookDeliveryRoutes(
            WebhookDeliveries deliveries, WebhookProperties webhooks, ApiJson json, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.json = json;
        this.meters = meters;
    }

    /** A delivery attempt that did not end in a 2xx. */
    static final class DeliveryFailed extends RuntimeException {
        final Integer status;
        final String excerpt;

        DeliveryFailed(Integer status, String excerpt, String message) {
            super(message, null, false, false);
            this.status = status;
            this.excerpt = excerpt;
        }
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        long timeoutMs = webhooks.timeout().toMillis();
        // one pool of kept-alive connections as large as the senders, so no POST waits for a connection
        String endpoint = "http://webhook-target?httpMethod=POST&throwExceptionOnFailure=false&followRedirects=false"
                + "&skipResponseHeaders=true&connectionsPerRoute=" + webhooks.senders()
                + "&maxTotalConnections=" + Math.max(200, webhooks.senders())
                + "&connectTimeout=" + timeoutMs + "&responseTimeout=" + timeoutMs + "&soTimeout=" + timeoutMs;
        ExecutorService senders = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "webhook-senders", webhooks.senders());

        // Batches follow one another while they come back full, so a backlog drains at the receivers' pace.
        BacklogDrain.whileBatchFull(
                from("timer:webhook-deliveries?period=" + webhooks.dispatchPeriodMs() + "&delay=1000").routeId("webhook-deliveries"))
                    .process(e -> {
                        var due = deliveries.claimDue(webhooks.batchSize(), webhooks.lease());
                        BacklogDrain.batchTaken(e, due.size(), webhooks.batchSize());
                        e.getMessage().setBody(due);
                    })
                    .removeProperty(ATTEMPT) // the last batch's, copied back by the split: no send inherits it
                    .split(body(), BatchResults.collecting(ATTEMPT))
                            .parallelProcessing().executorService(senders)
                        .to(DELIVER)
                    .end()
                    .process(this::record)
                .end();

        // A failed send is caught here rather than by a dead-letter channel: an exchange a dead-letter channel
        // handled ends the split's route, and the batch's attempts would never be recorded.
        from(DELIVER).routeId("webhook-deliver")
                .setProperty(DUE, body())
                .doTry()
                    .process(this::prepare)
                    .to(endpoint)
                    .process(this::answered)
                .doCatch(Exception.class)
                    .process(this::scheduleRetry)
                .end();
    }
    // spotless:on

    private void prepare(Exchange exchange) throws com.fasterxml.jackson.core.JsonProcessingException {
        WebhookDeliveries.Due due = exchange.getProperty(DUE, WebhookDeliveries.Due.class);
        exchange.setProperty(STARTED, System.nanoTime());
        String refusal = WebhookTargets.refusal(due.url(), webhooks.allowPrivateTargets());
        if (refusal != null) {
            throw new DeliveryFailed(null, null, "target refused: " + refusal);
        }
        String body = EventEnvelope.json(json, due.eventId(), due.eventType(), due.eventCreatedAt(), due.payload());
        long now = Instant.now().getEpochSecond();
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_URI, due.url());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("User-Agent", "OnPoint-Pay-Webhooks/1");
        message.setHeader("X-OnPoint-Event-Id", due.eventId());
        message.setHeader("X-OnPoint-Signature", WebhookSignatures.header(due.secrets(), now, body));
        message.setBody(body);
    }

    private void answered(Exchange exchange) {
        WebhookDeliveries.Due due = exchange.getProperty(DUE, WebhookDeliveries.Due.class);
        var message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        // a 204 has no body: asking for it as text would only search the type converters for a null's
        String excerpt = message.getBody() == null ? null : message.getBody(String.class);
        if (status < 200 || status >= 300) {
            throw new DeliveryFailed(status, excerpt, "HTTP " + status);
        }
        exchange.setProperty(
                ATTEMPT,
                WebhookDeliveries.Attempt.delivered(due.id(), Instant.now(), status, elapsedMs(exchange), excerpt));
    }

    private void scheduleRetry(Exchange exchange) {
        WebhookDeliveries.Due due = exchange.getProperty(DUE, WebhookDeliveries.Due.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        DeliveryFailed refused = cause instanceof DeliveryFailed failed ? failed : null;
        boolean answered = refused != null && refused.status != null;
        String error = cause == null ? "unknown" : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        Instant now = Instant.now();
        Instant next = now.plus(webhooks.retryAfter(due.attempts() + 1));
        boolean giveUp = next.isAfter(due.windowStartedAt().plus(webhooks.giveUpAfter()));
        exchange.setProperty(
                ATTEMPT,
                WebhookDeliveries.Attempt.failed(
                        due.id(),
                        now,
                        answered ? refused.status : null,
                        elapsedMs(exchange),
                        answered ? null : error, // an answer's attempt shows its status and excerpt instead
                        answered ? refused.excerpt : null,
                        error,
                        giveUp ? null : next));
        if (giveUp) {
            log.warn(
                    "Webhook {} of event {} to {} failed for good after {} attempts: {}",
                    due.publicId(),
                    due.eventId(),
                    due.url(),
                    due.attempts() + 1,
                    error);
        }
    }

    /** The batch's attempts, in one statement. */
    private void record(Exchange exchange) {
        var attempts = BatchResults.of(exchange, WebhookDeliveries.Attempt.class);
        deliveries.record(attempts);
        AfterCommit.run(() -> attempts.forEach(a -> Counter.builder(METRIC)
                .description("Webhook delivery attempts, by outcome")
                .tag("outcome", a.delivered() ? "delivered" : a.nextAttemptAt() != null ? "retry" : "failed")
                .register(meters)
                .increment()));
    }

    private static long elapsedMs(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
