package ke.onpoint.simulator.flutterwave;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import ke.onpoint.simulator.PendingTasks;
import ke.onpoint.simulator.SimulatorHttpClients;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * POSTs webhooks the way Flutterwave v3 does: JSON with the dashboard's secret hash, verbatim, in {@code verif-hash}
 * (a plain value, not an HMAC). One attempt each; the answer's status is only logged.
 */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveWebhookSender implements DisposableBean {

    static final String VERIF_HASH_HEADER = "verif-hash";

    private static final Logger log = LoggerFactory.getLogger(FlutterwaveWebhookSender.class);

    // Blocking client on a small pool of our own (see SimulatorHttpClients for why).
    private final ExecutorService senders =
            Executors.newFixedThreadPool(8, SimulatorHttpClients.daemonThreads("flutterwave-sim-webhook"));
    private final CloseableHttpClient http = SimulatorHttpClients.pooled(32);
    private final PendingTasks pending = new PendingTasks();

    private final FlutterwaveWebhookLog webhookLog;
    private final FlutterwaveStats stats;

    public FlutterwaveWebhookSender(FlutterwaveWebhookLog webhookLog, FlutterwaveStats stats) {
        this.webhookLog = webhookLog;
        this.stats = stats;
    }

    /**
     * POSTs one webhook and records the attempt when it ends. Asynchronous, so a slow or dead webhook URL (up to
     * 5 s connect + 5 s response) never holds up the timer that fires other transactions' webhooks.
     */
    CompletableFuture<FlutterwaveWebhookLog.Attempt> send(
            String txRef, long transactionId, int attempt, String url, String verifHash, String body) {
        Instant started = Instant.now();
        HttpPost request;
        try {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("no webhook-url configured");
            }
            request = new HttpPost(URI.create(url.trim()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    record(txRef, transactionId, attempt, url, verifHash, body, started, null, e));
        }
        request.setHeader(VERIF_HASH_HEADER, verifHash);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            int status = SimulatorHttpClients.send(http, request);
                            return record(txRef, transactionId, attempt, url, verifHash, body, started, status, null);
                        } catch (IOException | RuntimeException e) {
                            return record(txRef, transactionId, attempt, url, verifHash, body, started, null, e);
                        }
                    },
                    pending.tracking(senders));
        } catch (RejectedExecutionException e) {
            log.debug("Flutterwave simulator shutting down; webhook for {} dropped", txRef);
            return CompletableFuture.completedFuture(
                    record(txRef, transactionId, attempt, url, verifHash, body, started, null, e));
        }
    }

    /** No webhook attempt under way. */
    boolean idle() {
        return pending.none();
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }

    private FlutterwaveWebhookLog.Attempt record(
            String txRef,
            long transactionId,
            int attempt,
            String url,
            String verifHash,
            String body,
            Instant started,
            Integer status,
            Throwable failure) {
        String error = failure == null ? null : SimulatorHttpClients.describe(failure);
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        FlutterwaveWebhookLog.Attempt result = new FlutterwaveWebhookLog.Attempt(
                started, txRef, transactionId, attempt, url, verifHash, body, status, error, durationMs);
        webhookLog.add(result);
        stats.webhookSent(result.delivered());
        if (result.delivered()) {
            log.debug("Simulated Flutterwave webhook {} #{} to {} -> {}", txRef, attempt, url, status);
        } else {
            log.info(
                    "Simulated Flutterwave webhook {} #{} to {} not delivered: {}",
                    txRef,
                    attempt,
                    url,
                    status != null ? "HTTP " + status : error);
        }
        return result;
    }
}
