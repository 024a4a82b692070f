package ke.onpoint.simulator.paystack;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.PendingTasks;
import ke.onpoint.simulator.SimulatorHttpClients;
import ke.onpoint.simulator.SimulatorJson;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * POSTs webhooks the way Paystack does (reference §2.5): {@code {"event","data"}} as JSON, signed with
 * {@code x-paystack-signature} = hex HMAC-SHA512 of the exact body bytes keyed with the secret key, and retried
 * every {@code redeliveryDelay} until a 200 arrives or {@code maxDeliveries} attempts were made. A test can make
 * it deliver twice, sign with the wrong key or lose the webhook.
 */
@Component("paystackSimWebhookSender")
@ConditionalOnPaystackSimulator
public class PaystackWebhookSender implements DisposableBean {

    /** What happens to the next webhooks. */
    public enum Mode {
        NORMAL,
        DUPLICATE,
        BAD_SIGNATURE,
        NONE;
    }

    static final String SIGNATURE_HEADER = "x-paystack-signature";
    /** Gap between the two deliveries of the "duplicate" mode. */
    static final Duration DUPLICATE_GAP = Duration.ofMillis(200);
    /** The key "bad_signature" signs with: a plausible secret key that is not the merchant's. */
    static final String WRONG_SECRET = "sk_test_not_the_merchant_secret_key_000000";

    private static final Logger log = LoggerFactory.getLogger(PaystackWebhookSender.class);
    private static final ContentType JSON = ContentType.create("application/json");

    // Blocking client on a small pool of our own (see SimulatorHttpClients for why). Retries and the duplicate gap
    // wait on a one-thread scheduler that only hands the POST back to this pool.
    private final ExecutorService senders =
            Executors.newFixedThreadPool(4, SimulatorHttpClients.numberedDaemonThreads("paystack-sim-webhook"));
    private final ScheduledThreadPoolExecutor retries =
            new ScheduledThreadPoolExecutor(1, SimulatorHttpClients.numberedDaemonThreads("paystack-sim-redelivery"));
    private final CloseableHttpClient http = SimulatorHttpClients.pooled(16);
    private final PendingTasks pending = new PendingTasks();

    private final PaystackSimulatorProperties properties;
    private final PaystackWebhookLog webhookLog;
    private final PaystackStats stats;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
    private final AtomicLong deliveries = new AtomicLong();

    public PaystackWebhookSender(
            PaystackSimulatorProperties properties, PaystackWebhookLog webhookLog, PaystackStats stats) {
        this.properties = properties;
        this.webhookLog = webhookLog;
        this.stats = stats;
        this.retries.setRemoveOnCancelPolicy(true);
    }

    public Mode mode() {
        return mode.get();
    }

    public void mode(Mode newMode) {
        mode.set(newMode);
    }

    /**
     * Sends one event now (the caller has already waited webhookDelay). The body is rendered once, so every
     * attempt and the duplicate carry the identical bytes; the mode is read once, when the event happens.
     */
    void send(String event, String reference, ObjectNode data) {
        send(event, reference, data, mode.get());
    }

    /** The same in a mode chosen by the caller (a transfer scenario's own "none" or "duplicate"), not the switch's. */
    void send(String event, String reference, ObjectNode data, Mode current) {
        ObjectNode envelope = SimulatorJson.object().put("event", event);
        envelope.set("data", data);
        byte[] body = SimulatorJson.write(envelope).getBytes(StandardCharsets.UTF_8);
        String url = properties.webhookUrl();
        if (current == Mode.NONE) {
            String text = new String(body, StandardCharsets.UTF_8);
            webhookLog.add(new PaystackWebhookLog.Attempt(
                    Instant.now(),
                    event,
                    reference,
                    nextDeliveryId(),
                    0,
                    url,
                    text,
                    null,
                    true,
                    null,
                    "dropped: webhook mode none",
                    0));
            stats.webhookDropped();
            log.info("Simulated Paystack webhook {} for {} dropped (mode none)", event, reference);
            return;
        }
        String secret = current == Mode.BAD_SIGNATURE ? WRONG_SECRET : properties.secretKey();
        Delivery first = new Delivery(
                nextDeliveryId(), event, reference, url, body, PaystackSignatures.hmacSha512Hex(body, secret));
        submit(first, 1);
        if (current == Mode.DUPLICATE) {
            Delivery second = new Delivery(nextDeliveryId(), event, reference, url, body, first.signature());
            schedule(() -> submit(second, 1), DUPLICATE_GAP);
        }
    }

    private record Delivery(String id, String event, String reference, String url, byte[] body, String signature) {}

    private void submit(Delivery delivery, int attempt) {
        try {
            senders.execute(pending.track(() -> attempt(delivery, attempt)));
        } catch (RejectedExecutionException e) {
            log.debug("Simulator shutting down; webhook {} for {} dropped", delivery.event(), delivery.reference());
        }
    }

    private void attempt(Delivery delivery, int attempt) {
        Instant started = Instant.now();
        Integer status = null;
        String error = null;
        try {
            HttpPost request = new HttpPost(URI.create(delivery.url()));
            request.setHeader(SIGNATURE_HEADER, delivery.signature());
            request.setEntity(new ByteArrayEntity(delivery.body(), JSON));
            status = SimulatorHttpClients.send(http, request);
        } catch (IOException | RuntimeException e) {
            error = SimulatorHttpClients.describe(e);
        }
        PaystackWebhookLog.Attempt result = new PaystackWebhookLog.Attempt(
                started,
                delivery.event(),
                delivery.reference(),
                delivery.id(),
                attempt,
                delivery.url(),
                new String(delivery.body(), StandardCharsets.UTF_8),
                delivery.signature(),
                false,
                status,
                error,
                Duration.between(started, Instant.now()).toMillis());
        webhookLog.add(result);
        stats.webhookSent(result.delivered());
        if (result.delivered()) {
            log.debug(
                    "Simulated Paystack webhook {} for {} #{} -> 200", delivery.event(), delivery.reference(), attempt);
            return;
        }
        boolean again = attempt < properties.maxDeliveries();
        log.info(
                "Simulated Paystack webhook {} for {} #{} to {} not delivered ({}){}",
                delivery.event(),
                delivery.reference(),
                attempt,
                delivery.url(),
                status != null ? "HTTP " + status : error,
                again ? "; retrying in " + properties.redeliveryDelay() : "; giving up");
        if (again) {
            schedule(() -> submit(delivery, attempt + 1), properties.redeliveryDelay());
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            retries.schedule(pending.track(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Simulator shutting down; scheduled webhook dropped");
        }
    }

    /** No attempt under way and no redelivery or duplicate waiting: every webhook sent so far has ended. */
    boolean idle() {
        return pending.none();
    }

    private String nextDeliveryId() {
        return "whk_" + deliveries.incrementAndGet();
    }

    @Override
    public void destroy() throws IOException {
        retries.shutdownNow();
        senders.shutdownNow();
        http.close();
    }
}
