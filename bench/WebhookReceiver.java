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
 * A merchant's webhook endpoint for bench/fanout.sh: answers every POST to {@code /hook} with 204 and counts the event
 * ids ({@code X-OnPoint-Event-Id}), so the bench can tell delivered from duplicated and lost. A single source file,
 * run as {@code java bench/WebhookReceiver.java PORT} on a JDK 21+ (a virtual thread per request, all CPUs, no GIL).
 * {@code /probe} does the same work on counters of its own: the bench measures the receiver's own ceiling there with
 * wrk, without touching the webhook counts.
 *
 * <p>{@code GET /stats}: {@code {"received": n, "unique": n, "first": t, "last": t, "probe_received": n}} (seconds
 * since the epoch, the first and last POST to /hook); {@code GET /series}: {@code {"<epoch second>": n, ...}}, the new
 * (first-seen) event ids per second, for rates over a window.
 */
public final class WebhookReceiver {

    /** What one context has seen. */
    private static final class Counts {
        final ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>(1 << 16);
        final ConcurrentHashMap<Long, LongAdder> newPerSecond = new ConcurrentHashMap<>();
        final LongAdder received = new LongAdder();
        final AtomicLong firstMs = new AtomicLong();
        final AtomicLong lastMs = new AtomicLong();
    }

    private static final Counts HOOK = new Counts();
    private static final Counts PROBE = new Counts();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle holds each short answer back
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> count(exchange, HOOK));
        server.createContext("/probe", exchange -> count(exchange, PROBE));
        server.createContext("/stats", exchange -> json(exchange, stats()));
        server.createContext("/series", exchange -> json(exchange, series()));
        server.start();
        System.out.println("webhook receiver on 127.0.0.1:" + port);
    }

    private static void count(HttpExchange exchange, Counts counts) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        long now = System.currentTimeMillis();
        String eventId = exchange.getRequestHeaders().getFirst("X-OnPoint-Event-Id");
        counts.received.increment();
        counts.firstMs.compareAndSet(0, now);
        counts.lastMs.accumulateAndGet(now, Math::max);
        if (counts.seen.putIfAbsent(eventId == null ? "?" : eventId, Boolean.TRUE) == null) {
            counts.newPerSecond.computeIfAbsent(now / 1000, s -> new LongAdder()).increment();
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static String stats() {
        long first = HOOK.firstMs.get();
        long last = HOOK.lastMs.get();
        return "{\"received\": " + HOOK.received.sum() + ", \"unique\": " + HOOK.seen.size() + ", \"first\": "
                + (first == 0 ? "null" : first / 1000.0) + ", \"last\": " + (last == 0 ? "null" : last / 1000.0)
                + ", \"probe_received\": " + PROBE.received.sum() + "}";
    }

    private static String series() {
        StringBuilder json = new StringBuilder("{");
        Map<Long, LongAdder> sorted = new TreeMap<>(HOOK.newPerSecond);
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
