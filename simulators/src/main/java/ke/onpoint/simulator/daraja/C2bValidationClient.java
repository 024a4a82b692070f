package ke.onpoint.simulator.daraja;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.PendingTasks;
import ke.onpoint.simulator.SimulatorJson;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * POSTs C2B validation requests. Unlike {@link DarajaCallbackSender} (fire and forget, 5 s), M-Pesa reads the answer here
 * and gives the ValidationURL {@code validation-timeout} (about 8 s) to give it. Attempts are recorded in the same
 * {@link DarajaCallbackLog} and stats as every other callback.
 */
@Component
@ConditionalOnDarajaSimulator
public class C2bValidationClient implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(C2bValidationClient.class);
    /** A validation answer is a few dozen bytes; anything past this is not read. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    /** What the ValidationURL said: accepted (with its optional ThirdPartyTransID), rejected, or nothing usable. */
    record Answer(Kind kind, String resultCode, String thirdPartyTransId, String failure) {

        enum Kind {
            ACCEPTED,
            REJECTED,
            FAILED
        }

        static Answer failed(String why) {
            return new Answer(Kind.FAILED, null, null, why);
        }
    }

    private final PendingTasks pending = new PendingTasks();
    private final ExecutorService senders = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "daraja-sim-validation");
        thread.setDaemon(true);
        return thread;
    });
    private final CloseableHttpClient http;
    private final DarajaCallbackLog callbackLog;
    private final DarajaStats stats;

    public C2bValidationClient(DarajaAccountProperties properties, DarajaCallbackLog callbackLog, DarajaStats stats) {
        this.callbackLog = callbackLog;
        this.stats = stats;
        Timeout timeout = Timeout.ofMilliseconds(
                Math.max(1, properties.validationTimeout().toMillis()));
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(32)
                        .setMaxConnPerRoute(32)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .build();
    }

    /** No validation request under way. */
    boolean idle() {
        return pending.none();
    }

    CompletableFuture<Answer> validate(String transId, int attempt, String url, String body) {
        Instant started = Instant.now();
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
        } catch (IllegalArgumentException e) {
            record(transId, attempt, url, body, started, null, e.toString());
            return CompletableFuture.completedFuture(Answer.failed(e.toString()));
        }
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        try {
            return CompletableFuture.supplyAsync(
                    () -> call(transId, attempt, url, body, started, request), pending.tracking(senders));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Answer.failed("simulator shutting down"));
        }
    }

    private Answer call(String transId, int attempt, String url, String body, Instant started, HttpPost request) {
        int status;
        byte[] answer;
        try {
            Object[] result = http.execute(request, response -> new Object[] {
                response.getCode(),
                response.getEntity() == null
                        ? new byte[0]
                        : response.getEntity().getContent().readNBytes(MAX_ANSWER_BYTES)
            });
            status = (Integer) result[0];
            answer = (byte[]) result[1];
        } catch (IOException | RuntimeException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            record(transId, attempt, url, body, started, null, error);
            return Answer.failed(error);
        } finally {
            request.reset();
        }
        record(transId, attempt, url, body, started, status, null);
        if (status < 200 || status >= 300) {
            return Answer.failed("HTTP " + status);
        }
        return interpret(answer);
    }

    /** {@code ResultCode} "0" or 0 accepts; any other code (C2B00011..16) rejects; no code at all is a failure. */
    static Answer interpret(byte[] answer) {
        ObjectNode json = SimulatorJson.parseObject(answer);
        JsonNode code = json == null ? null : json.get("ResultCode");
        if (code == null || !(code.isTextual() || code.isIntegralNumber())) {
            return Answer.failed("no ResultCode in answer: " + new String(answer, StandardCharsets.UTF_8));
        }
        String resultCode = code.asText().trim();
        if ("0".equals(resultCode)) {
            JsonNode third = json.get("ThirdPartyTransID");
            return new Answer(
                    Answer.Kind.ACCEPTED, resultCode, third != null && !third.isNull() ? third.asText() : "", null);
        }
        return new Answer(Answer.Kind.REJECTED, resultCode, null, null);
    }

    private void record(
            String transId, int attempt, String url, String body, Instant started, Integer status, String error) {
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        DarajaCallbackLog.Attempt result =
                new DarajaCallbackLog.Attempt(started, transId, attempt, url, body, status, error, durationMs);
        callbackLog.add(result);
        stats.callbackSent(result.delivered());
        if (!result.delivered()) {
            log.info(
                    "Simulated C2B validation {} to {} not answered: {}",
                    transId,
                    url,
                    status != null ? "HTTP " + status : error);
        }
    }

    @Override
    public void destroy() throws IOException {
        senders.shutdownNow();
        http.close();
    }
}
