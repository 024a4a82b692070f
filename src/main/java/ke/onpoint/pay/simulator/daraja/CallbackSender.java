package ke.onpoint.pay.simulator.daraja;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * POSTs callbacks the way Safaricom does: one attempt, JSON, no signature, and no interest in the answer beyond
 * its status (a 503 from the listener just loses the result, reference §1.10).
 */
@Component
@ConditionalOnDarajaSimulator
public class CallbackSender {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    // One client for the app's lifetime: it pools connections and its selector thread is a daemon.
    // HTTP/1.1 because Safaricom's callers do not attempt an h2c upgrade either.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
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
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(record(checkoutRequestId, attempt, url, body, started, null, e));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> record(checkoutRequestId, attempt, url, body, started,
                        response == null ? null : response.statusCode(), failure));
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
