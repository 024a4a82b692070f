package ke.onpoint.pay.simulator.daraja;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
import org.springframework.beans.factory.DisposableBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * POSTs callbacks the way Safaricom does: one attempt, JSON, no signature, and no interest in the answer beyond
 * its status (a 503 from the listener just loses the result, reference §1.10).
 */
@Component
@ConditionalOnDarajaSimulator
public class CallbackSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);
    private static final Timeout TIMEOUT = Timeout.ofSeconds(5);

    // Blocking Apache HttpClient on a small pool of our own: the JDK client completes every response on a new
    // thread on 2-core machines (CompletableFuture's thread-per-task fallback), which dominated load tests.
    private final ExecutorService senders = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "daraja-sim-callback");
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

    private final CallbackLog callbackLog;
    private final SimulatorStats stats;

    public CallbackSender(CallbackLog callbackLog, SimulatorStats stats) {
        this.callbackLog = callbackLog;
        this.stats = stats;
    }

    /**
     * POSTs one callback and records the attempt when it ends. Asynchronous, so a slow or dead CallBackURL
     * (up to 5 s connect + 5 s response) never holds up the scheduler that fires other transactions' outcomes.
     */
    CompletableFuture<CallbackLog.Attempt> send(String checkoutRequestId, int attempt, String url, String body) {
        Instant started = Instant.now();
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(record(checkoutRequestId, attempt, url, body, started, null, e));
        }
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return CompletableFuture.supplyAsync(() -> {
            try {
                int status = http.execute(request, response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                });
                return record(checkoutRequestId, attempt, url, body, started, status, null);
            } catch (IOException | RuntimeException e) {
                return record(checkoutRequestId, attempt, url, body, started, null, e);
            }
        }, senders);
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }

    private CallbackLog.Attempt record(String checkoutRequestId, int attempt, String url, String body,
                                       Instant started, Integer status, Throwable failure) {
        String error = null;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        CallbackLog.Attempt result = new CallbackLog.Attempt(
                started, checkoutRequestId, attempt, url, body, status, error, durationMs);
        callbackLog.record(result);
        stats.callbackSent(result.delivered());
        if (result.delivered()) {
            log.debug("Simulated Daraja callback {} #{} to {} -> {}", checkoutRequestId, attempt, url, status);
        } else {
            log.info("Simulated Daraja callback {} #{} to {} not delivered: {}", checkoutRequestId, attempt, url,
                    status != null ? "HTTP " + status : error);
        }
        return result;
    }
}
