package ke.onpoint.pay.simulator.flutterwave;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
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
    private static final Timeout TIMEOUT = Timeout.ofSeconds(5);

    // Blocking Apache HttpClient on a small pool of our own, as the Daraja simulator's CallbackSender does: the JDK
    // client completes every response on a new thread on 2-core machines.
    private final ExecutorService senders = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "flutterwave-sim-webhook");
        thread.setDaemon(true);
        return thread;
    });
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(32).setMaxConnPerRoute(32)
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(TIMEOUT)
                            .setSocketTimeout(TIMEOUT).build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(TIMEOUT).setRedirectsEnabled(false).build())
            .disableAutomaticRetries()
            .build();

    private final FlutterwaveWebhookLog webhookLog;
    private final FlutterwaveSimulatorStats stats;

    public FlutterwaveWebhookSender(FlutterwaveWebhookLog webhookLog, FlutterwaveSimulatorStats stats) {
        this.webhookLog = webhookLog;
        this.stats = stats;
    }

    /**
     * POSTs one webhook and records the attempt when it ends. Asynchronous, so a slow or dead webhook URL (up to
     * 5 s connect + 5 s response) never holds up the timer that fires other transactions' webhooks.
     */
    CompletableFuture<FlutterwaveWebhookLog.Attempt> send(String txRef, long transactionId, int attempt, String url,
                                                         String verifHash, String body) {
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
            return CompletableFuture.supplyAsync(() -> {
                try {
                    int status = http.execute(request, response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode();
                    });
                    return record(txRef, transactionId, attempt, url, verifHash, body, started, status, null);
                } catch (IOException | RuntimeException e) {
                    return record(txRef, transactionId, attempt, url, verifHash, body, started, null, e);
                }
            }, senders);
        } catch (RejectedExecutionException e) {
            log.debug("Flutterwave simulator shutting down; webhook for {} dropped", txRef);
            return CompletableFuture.completedFuture(
                    record(txRef, transactionId, attempt, url, verifHash, body, started, null, e));
        }
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }

    private FlutterwaveWebhookLog.Attempt record(String txRef, long transactionId, int attempt, String url,
                                                 String verifHash, String body, Instant started, Integer status,
                                                 Throwable failure) {
        String error = null;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        FlutterwaveWebhookLog.Attempt result = new FlutterwaveWebhookLog.Attempt(
                started, txRef, transactionId, attempt, url, verifHash, body, status, error, durationMs);
        webhookLog.record(result);
        stats.webhookSent(result.delivered());
        if (result.delivered()) {
            log.debug("Simulated Flutterwave webhook {} #{} to {} -> {}", txRef, attempt, url, status);
        } else {
            log.info("Simulated Flutterwave webhook {} #{} to {} not delivered: {}", txRef, attempt, url,
                    status != null ? "HTTP " + status : error);
        }
        return result;
    }
}
