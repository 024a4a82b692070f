package ke.onpoint.pay.webhook;

import java.time.Instant;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.ops.BacklogDrain;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries, signed, to the merchant: any 2xx is delivered. Anything else (non-2xx, timeout,
 * connection error, refused target) goes through a dead-letter channel into the persisted retry schedule, so retries
 * survive restarts and run on any instance; after the schedule's last chance the delivery is {@code failed}.
 * Every attempt is logged with its status, latency and the start of the answer. Redirects are not followed.
 */
@Component
public class WebhookDeliveryRoutes extends RouteBuilder {

    private static final String DELIVER = "direct:webhook-deliver";
    private static final String FAILED_ATTEMPT = "direct:webhook-attempt-failed";
    private static final String DUE = "webhookDue";
    private static final String STARTED = "webhookStarted";
    private static final int BATCH = 50;

    private final WebhookDeliveries deliveries;
    private final WebhookProperties webhooks;
    private final ApiJson json;

    public WebhookDeliveryRoutes(WebhookDeliveries deliveries, WebhookProperties webhooks, ApiJson json) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.json = json;
    }

    /** A delivery attempt that did not end in a 2xx. */
    static final class DeliveryFailed extends RuntimeException {
        final Integer status;

        DeliveryFailed(Integer status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        long timeoutMs = webhooks.timeout().toMillis();
        String endpoint = "http://webhook-target?throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + timeoutMs + "&responseTimeout=" + timeoutMs + "&soTimeout=" + timeoutMs;

        // Batches follow one another while they come back full, so a backlog drains at the receivers' pace.
        BacklogDrain.whileBatchFull(
                from("timer:webhook-deliveries?period=" + webhooks.dispatchPeriodMs() + "&delay=1000").routeId("webhook-deliveries"))
                    .process(e -> {
                        var due = deliveries.claimDue(BATCH, webhooks.timeout().multipliedBy(3));
                        BacklogDrain.batchTaken(e, due.size(), BATCH);
                        e.getMessage().setBody(due);
                    })
                    .split(body()).parallelProcessing()
                        .to(DELIVER)
                    .end()
                .end();

        from(DELIVER).routeId("webhook-deliver")
                .errorHandler(deadLetterChannel(FAILED_ATTEMPT).maximumRedeliveries(0).logExhausted(false))
                .setProperty(DUE, body())
                .process(this::prepare)
                .to(endpoint)
                .process(this::answered);

        from(FAILED_ATTEMPT).routeId("webhook-attempt-failed")
                .process(this::scheduleRetry);
    }
    // spotless:on

    private void prepare(Exchange exchange) throws com.fasterxml.jackson.core.JsonProcessingException {
        WebhookDeliveries.Due due = exchange.getProperty(DUE, WebhookDeliveries.Due.class);
        String refusal = WebhookTargets.refusal(due.url(), webhooks.allowPrivateTargets());
        if (refusal != null) {
            throw new DeliveryFailed(null, "target refused: " + refusal);
        }
        String body = EventEnvelope.json(json, due.eventId(), due.eventType(), due.eventCreatedAt(), due.payload());
        long now = Instant.now().getEpochSecond();
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_URI, due.url());
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("User-Agent", "OnPoint-Pay-Webhooks/1");
        message.setHeader("X-OnPoint-Event-Id", due.eventId());
        message.setHeader("X-OnPoint-Signature", WebhookSignatures.header(due.secrets(), now, body));
        message.setBody(body);
        exchange.setProperty(STARTED, System.nanoTime());
    }

    private void answered(Exchange exchange) {
        WebhookDeliveries.Due due = exchange.getProperty(DUE, WebhookDeliveries.Due.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String excerpt = exchange.getMessage().getBody(String.class);
        deliveries.recordAttempt(due.id(), status, elapsedMs(exchange), null, excerpt);
        if (status < 200 || status >= 300) {
            throw new DeliveryFailed(status, "HTTP " + status);
        }
        deliveries.delivered(due.id(), status);
    }

    private void scheduleRetry(Exchange exchange) {
        WebhookDeliveries.Due due = exchange.getProperty(DUE, WebhookDeliveries.Due.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Integer status = cause instanceof DeliveryFailed failed ? failed.status : null;
        String error = cause == null ? "unknown" : cause.getMessage();
        if (!(cause instanceof DeliveryFailed failed && failed.status != null)) {
            deliveries.recordAttempt(due.id(), null, elapsedMs(exchange), error, null); // never answered
        }
        Instant next = Instant.now().plus(webhooks.retryAfter(due.attempts() + 1));
        boolean giveUp = next.isAfter(due.windowStartedAt().plus(webhooks.giveUpAfter()));
        deliveries.attemptFailed(due.id(), status, error, giveUp ? null : next);
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

    private static long elapsedMs(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
