import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open-loop load (bench/initiate.sh's "open" phase): requests are sent on a fixed schedule, N per second, whatever
 * the server's answers take, and each latency is counted from the request's scheduled send, not from when it went
 * out: a server that stalls is charged for the requests that queued behind the stall (no coordinated omission, which
 * a closed-loop tool like wrk has). Java 21+ (virtual threads), run as a single source file:
 *
 * <pre>
 *   BENCH_API_KEY=sk_test_... java bench/OpenLoop.java URL RATE SECONDS [TIMEOUT_SECONDS]
 * </pre>
 *
 * URL ending in /payments/initiate: POSTs an M-Pesa payment with its own merchant reference
 * {@code BENCH-<BENCH_RUN>-o-<n>} (BENCH_PHONE, BENCH_AMOUNT, BENCH_CALLBACK_URL as initiate.lua); any other URL: GET
 * (the HTTP stack's own latency at the same rate). BENCH_REFS_DIR: accepted (201/202) references are written to
 * refs-&lt;run&gt;-open.txt there. The last line, {@code BENCH_OPEN key=value ...}, is what initiate.sh parses.
 */
public class OpenLoop {

    private static final Pattern MERCHANT_REFERENCE = Pattern.compile("\"merchant_reference\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/OpenLoop.java URL RATE SECONDS [TIMEOUT_SECONDS]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        Duration timeout = Duration.ofMillis((long) (1000 * (args.length > 3 ? Double.parseDouble(args[3]) : 10)));
        boolean payments = uri.getPath().endsWith("/payments/initiate");
        String key = System.getenv("BENCH_API_KEY");
        if (payments && (key == null || key.isBlank())) {
            throw new IllegalArgumentException("BENCH_API_KEY is not set");
        }
        String run = env("BENCH_RUN", "o");
        String phone = env("BENCH_PHONE", "254712345678");
        String amount = env("BENCH_AMOUNT", "100");
        String hook = env("BENCH_CALLBACK_URL", "");
        String hookField = hook.isEmpty() ? "" : ",\"callback_url\":\"" + hook + "\"";
        String refsDir = env("BENCH_REFS_DIR", "");

        int total = (int) Math.round(rate * seconds);
        long periodNanos = (long) (1e9 / rate);
        AtomicLongArray latencyNanos = new AtomicLongArray(total); // -1: no answer (error or timeout)
        Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> acceptedReferences = new ConcurrentLinkedQueue<>();
        AtomicLong maxSendLagNanos = new AtomicLong();
        String[] firstError = {null};

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();

        long start = System.nanoTime() + 50_000_000; // the first send in 50 ms
        long lastSend = start;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * periodNanos;
                long wait;
                while ((wait = scheduled - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                maxSendLagNanos.accumulateAndGet(-wait, Math::max);
                lastSend = System.nanoTime();
                int n = i;
                senders.execute(() -> {
                    String reference = "BENCH-" + run + "-o-" + n;
                    HttpRequest.Builder request =
                            HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
                    if (payments) {
                        request.header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":" + amount
                                        + ",\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"" + phone
                                        + "\",\"reference\":\"" + reference + "\"" + hookField + "}"));
                    } else {
                        request.GET();
                    }
                    String outcome;
                    try {
                        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        latencyNanos.set(n, System.nanoTime() - scheduled);
                        int status = response.statusCode();
                        outcome = Integer.toString(status);
                        if (payments && (status == 201 || status == 202)) {
                            Matcher m = MERCHANT_REFERENCE.matcher(response.body());
                            acceptedReferences.add(m.find() ? m.group(1) : "?");
                        } else if (payments && status != 201) {
                            synchronized (firstError) {
                                if (firstError[0] == null) {
                                    String body = response.body().replaceAll("[\r\n]+", " ");
                                    firstError[0] = status + " " + body.substring(0, Math.min(300, body.length()));
                                }
                            }
                        }
                    } catch (HttpTimeoutException e) {
                        latencyNanos.set(n, -1);
                        outcome = "timeout";
                    } catch (IOException | RuntimeException e) {
                        latencyNanos.set(n, -1);
                        outcome = "error:" + e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    byStatus.computeIfAbsent(outcome, s -> new AtomicLong()).incrementAndGet();
                });
            }
            senders.shutdown();
            senders.awaitTermination(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        }
        double sendSpan = (lastSend - start) / 1e9;

        // No answer (timeout, error, still in flight) counts as the worst latency there is.
        long[] sorted = new long[total];
        int count = 0;
        for (int i = 0; i < total; i++) {
            long l = latencyNanos.get(i);
            if (l > 0) {
                count++;
            }
            sorted[i] = l > 0 ? l : Long.MAX_VALUE;
        }
        Arrays.sort(sorted);
        long accepted = byStatus.getOrDefault("201", new AtomicLong()).get()
                + byStatus.getOrDefault("202", new AtomicLong()).get();
        long s5xx = byStatus.entrySet().stream()
                .filter(e -> e.getKey().startsWith("5"))
                .mapToLong(e -> e.getValue().get())
                .sum();
        long failed = total - count;
        if (!refsDir.isEmpty()) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(refsDir, "refs-" + run + "-open.txt")))) {
                acceptedReferences.forEach(out::println);
            }
        }

        System.out.printf("---- open loop: %s at %.0f/s for %.0f s ----%n", uri.getPath(), rate, seconds);
        System.out.printf("scheduled       %d (answered %d, no answer %d)%n", total, count, failed);
        System.out.printf(
                "latency ms      p50 %s  p90 %s  p99 %s  max %s (from each request's scheduled send)%n",
                ms(pct(sorted, 50)), ms(pct(sorted, 90)), ms(pct(sorted, 99)), ms(pct(sorted, 100)));
        System.out.printf("sender lag      max %s ms behind schedule%n", ms(maxSendLagNanos.get()));
        new TreeMap<>(byStatus).forEach((status, n) -> System.out.printf("  %-14s %d%n", status, n.get()));
        if (firstError[0] != null) {
            System.out.println("  first non-201: " + firstError[0]);
        }
        System.out.printf(
                "BENCH_OPEN scheduled=%d answered=%d no_answer=%d accepted=%d s5xx=%d rate=%.1f duration_s=%.3f"
                        + " p50_ms=%s p90_ms=%s p99_ms=%s max_ms=%s send_lag_ms=%s%n",
                total, count, failed, accepted, s5xx, total / Math.max(sendSpan, 1e-9), sendSpan,
                ms(pct(sorted, 50)), ms(pct(sorted, 90)), ms(pct(sorted, 99)), ms(pct(sorted, 100)),
                ms(maxSendLagNanos.get()));
    }

    /** The p-th percentile (nearest rank) of sorted latencies; 0 when there are none. */
    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Milliseconds with two decimals; "inf" for no answer. */
    private static String ms(long nanos) {
        return nanos == Long.MAX_VALUE ? "inf" : String.format("%.2f", nanos / 1e6);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
