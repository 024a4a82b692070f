import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A merchant's webhook endpoint for bench/fanout.sh: answers every POST with 204 and counts the event ids
 * ({@code X-OnPoint-Event-Id}), so the bench can tell delivered from duplicated and lost. A single source file, run
 * as {@code java bench/WebhookReceiver.java PORT} on a JDK 21+ (one virtual thread per request): it costs far less
 * CPU per request than a Python server, so on a shared 2-CPU machine it is not what caps the gateway's fan-out.
 *
 * <p>{@code GET /stats}: {@code {"received": n, "unique": n, "first": t, "last": t}} (seconds since the epoch, the
 * first and last POST); {@code GET /series}: {@code {"<epoch second>": n, ...}}, the new (first-seen) event ids per
 * second, for rates over a window.
 */
public final class WebhookReceiver {

    private static final ConcurrentHashMap<String, Boolean> SEEN = new ConcurrentHashMap<>(1 << 18);
    private static final ConcurrentHashMap<Long, LongAdder> NEW_PER_SECOND = new ConcurrentHashMap<>();
    private static final LongAdder RECEIVED = new LongAdder();
    private static final AtomicLong FIRST_MS = new AtomicLong();
    private static final AtomicLong LAST_MS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", WebhookReceiver::hook);
        server.createContext("/stats", exchange -> json(exchange, stats()));
        server.createContext("/series", exchange -> json(exchange, series()));
        server.start();
        System.out.println("webhook receiver on 127.0.0.1:" + port);
    }

    private static void hook(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        long now = System.currentTimeMillis();
        String eventId = exchange.getRequestHeaders().getFirst("X-OnPoint-Event-Id");
        RECEIVED.increment();
        FIRST_MS.compareAndSet(0, now);
        LAST_MS.accumulateAndGet(now, Math::max);
        if (SEEN.putIfAbsent(eventId == null ? "?" : eventId, Boolean.TRUE) == null) {
            NEW_PER_SECOND.computeIfAbsent(now / 1000, s -> new LongAdder()).increment();
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static String stats() {
        long first = FIRST_MS.get();
        long last = LAST_MS.get();
        return "{\"received\": " + RECEIVED.sum() + ", \"unique\": " + SEEN.size() + ", \"first\": "
                + (first == 0 ? "null" : first / 1000.0) + ", \"last\": " + (last == 0 ? "null" : last / 1000.0) + "}";
    }

    private static String series() {
        StringBuilder json = new StringBuilder("{");
        Map<Long, LongAdder> sorted = new TreeMap<>(NEW_PER_SECOND);
        sorted.forEach((second, count) -> json.append(json.length() > 1 ? ", " : "")
                .append('"')
                .append(second)
                .append("\": ")
                .append(count.sum()));
        return json.append('}').toString();
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
