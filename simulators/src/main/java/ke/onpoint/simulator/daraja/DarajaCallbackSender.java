package ke.onpoint.simulator.daraja;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * POSTs callbacks the way Safaricom does: one attempt, JSON, no signature, and no interest in the answer beyond
 * its status (a 503 from the listener just loses the result, reference §1.10).
 */
@Component
@ConditionalOnDarajaSimulator
public class DarajaCallbackSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DarajaCallbackSender.class);

    // Blocking client on a small pool of our own (see SimulatorHttpClients for why).
    private final ExecutorService senders =
            Executors.newFixedThreadPool(8, SimulatorHttpClients.daemonThreads("daraja-sim-callback"));
    private final CloseableHttpClient http = SimulatorHttpClients.pooled(32);
    private final PendingTasks pending = new PendingTasks();

    private final DarajaCallbackLog callbackLog;
    private final DarajaStats stats;

    public DarajaCallbackSender(DarajaCallbackLog callbackLog, DarajaStats stats) {
        this.callbackLog = callbackLog;
        this.stats = stats;
    }

    /**
     * POSTs one callback and records the attempt when it ends. Asynchronous, so a slow or dead CallBackURL
     * (up to 5 s connect + 5 s response) never holds up the scheduler that fires other transactions' outcomes.
     */
    CompletableFuture<DarajaCallbackLog.Attempt> send(String checkoutRequestId, int attempt, String url, String body) {
        Instant started = Instant.now();
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(record(checkoutRequestId, attempt, url, body, started, null, e));
        }
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        int status = SimulatorHttpClients.send(http, request);
                        return record(checkoutRequestId, attempt, url, body, started, status, null);
                    } catch (IOException | RuntimeException e) {
                        return record(checkoutRequestId, attempt, url, body, started, null, e);
                    }
                },
                pending.tracking(senders));
    }

    /** No callback attempt under way. */
    boolean idle() {
        return pending.none();
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }

    private DarajaCallbackLog.Attempt record(
            String checkoutRequestId,
            int attempt,
            String url,
            String body,
            Instant started,
            Integer status,
            Throwable failure) {
        String error = failure == null ? null : SimulatorHttpClients.describe(failure);
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        DarajaCallbackLog.Attempt result = new DarajaCallbackLog.Attempt(
                started, checkoutRequestId, attempt, url, body, status, error, durationMs);
        callbackLog.add(result);
        stats.callbackSent(result.delivered());
        if (result.delivered()) {
            log.debug("Simulated Daraja callback {} #{} to {} -> {}", checkoutRequestId, attempt, url, status);
        } else {
            log.info(
                    "Simulated Daraja callback {} #{} to {} not delivered: {}",
                    checkoutRequestId,
                    attempt,
                    url,
                    status != null ? "HTTP " + status : error);
        }
        return result;
    }
}
