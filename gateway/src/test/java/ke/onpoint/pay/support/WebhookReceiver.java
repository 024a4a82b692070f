package ke.onpoint.pay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

/**
 * A merchant's webhook endpoint for tests: a real HTTP server on a free port that answers what it is told (a status,
 * or nothing until released) and keeps every request it got, delivered (2xx) or refused.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request: the event id and signature headers, the raw body, and the status we answered. */
    public record Received(String eventId, String signature, String body, int status) {
        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer;
    /** Requests wait here before they are answered: open, or held until {@link #release()}. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private WebhookReceiver(int initialStatus) {
        this.answer = new AtomicInteger(initialStatus);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            passGate();
            int status = answer.get();
            requests.add(new Received(
                    exchange.getRequestHeaders().getFirst("X-OnPoint-Event-Id"),
                    exchange.getRequestHeaders().getFirst("X-OnPoint-Signature"),
                    new String(body, StandardCharsets.UTF_8),
                    status));
            if (status == 204) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                byte[] reply = ("{\"seen\":" + status + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, reply.length);
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        server.start();
    }

    /** A receiver answering 200 until told otherwise. */
    public static WebhookReceiver start() {
        return new WebhookReceiver(200);
    }

    public static WebhookReceiver answering(int status) {
        return new WebhookReceiver(status);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void answer(int status) {
        answer.set(status);
    }

    /** From now on, answers nothing until {@link #release()}: a merchant server that hangs (the sender times out). */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Answers the held requests and every later one at once. */
    public void release() {
        gate.countDown();
    }

    /** The requests answered 2xx, in arrival order. */
    public List<Received> delivered() {
        return requests.stream().filter(Received::delivered).toList();
    }

    /** How many 2xx deliveries each event got. */
    public Map<String, Long> deliveriesPerEvent() {
        return delivered().stream().collect(Collectors.groupingBy(Received::eventId, Collectors.counting()));
    }

    /** How many refused (non-2xx) attempts each event got. */
    public Map<String, Long> refusalsPerEvent() {
        return requests.stream()
                .filter(r -> !r.delivered())
                .collect(Collectors.groupingBy(Received::eventId, Collectors.counting()));
    }

    /** Rows as a map from event id, for callers that look one up. */
    public Map<String, Received> deliveredById() {
        return delivered().stream().collect(Collectors.toMap(Received::eventId, Function.identity(), (a, b) -> a));
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }

    private void passGate() {
        try {
            // bounded only so that a test which forgets release() cannot hang the suite
            gate.await(GatewayTest.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
