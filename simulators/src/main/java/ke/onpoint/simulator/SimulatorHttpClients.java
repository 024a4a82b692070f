package ke.onpoint.simulator;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * How the simulators call merchants back: a blocking Apache HttpClient run on a small pool of their own daemon
 * threads. The JDK client completes every response on a new thread on 2-core machines (CompletableFuture's
 * thread-per-task fallback), which dominated load tests.
 */
public final class SimulatorHttpClients {

    /** Connect, socket and response timeout alike: a dead callback URL costs at most 5 s + 5 s. */
    public static final Timeout TIMEOUT = Timeout.ofSeconds(5);

    private SimulatorHttpClients() {}

    /**
     * A pooled client for up to {@code maxConnections} concurrent calls (all may go to one merchant). It follows no
     * redirects and never retries by itself: what a provider retries, and when, is the simulator's to decide.
     */
    public static CloseableHttpClient pooled(int maxConnections) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(TIMEOUT)
                                .setSocketTimeout(TIMEOUT)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(TIMEOUT)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .build();
    }

    /** Sends the request and returns the answer's status; the body is discarded so the connection is reused. */
    public static int send(CloseableHttpClient http, ClassicHttpRequest request) throws IOException {
        return http.execute(request, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    /** What an attempt log says about a failed call: the exception's simple name and message, unwrapped once. */
    public static String describe(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Daemon threads all called {@code name}, so they never keep the JVM alive. */
    public static ThreadFactory daemonThreads(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Daemon threads called {@code name-1}, {@code name-2}, … */
    public static ThreadFactory numberedDaemonThreads(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> daemon(runnable, name + "-" + count.incrementAndGet());
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
