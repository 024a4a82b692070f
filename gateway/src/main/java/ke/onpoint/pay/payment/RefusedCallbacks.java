package ke.onpoint.pay.payment;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Provider callbacks that were not admitted (wrong token or signature, address not allow-listed, unreadable): anyone
 * can post those, so each is counted ({@code onpoint.callbacks.refused}), logged and recorded with a short excerpt
 * of its body, and a source address past {@code refused-per-minute} is answered 429 and not recorded at all.
 *
 * <p>Counted in this instance's memory, not in PostgreSQL: the point is that a flood costs the database nothing.
 * Admitted callbacks never pass here and are never throttled.
 */
@Component
public class RefusedCallbacks {

    private static final Logger log = LoggerFactory.getLogger(RefusedCallbacks.class);
    private static final int MAX_TRACKED_SOURCES = 10_000;

    private record Window(long minute, AtomicInteger refusals) {}

    private final ProviderCallbacks records;
    private final MeterRegistry meters;
    private final int keptChars;
    private final int perMinute;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RefusedCallbacks(
            ProviderCallbacks records,
            MeterRegistry meters,
            @Value("${onpoint.callbacks.refused-kept-chars}") int keptChars,
            @Value("${onpoint.callbacks.refused-per-minute}") int perMinute) {
        this.records = records;
        this.meters = meters;
        this.keptChars = keptChars;
        this.perMinute = perMinute;
    }

    /** Records the refusal, or throws a 429 problem when the source has been refused too often this minute. */
    public void refuse(String provider, String kind, String why, String source, String payload) {
        long now = System.currentTimeMillis();
        long minute = now / 60_000;
        if (windows.size() > MAX_TRACKED_SOURCES) {
            windows.values().removeIf(window -> window.minute() != minute);
        }
        int refusals = windows.compute(
                        String.valueOf(source),
                        (address, window) -> window == null || window.minute() != minute
                                ? new Window(minute, new AtomicInteger())
                                : window)
                .refusals()
                .incrementAndGet();
        boolean throttled = refusals > perMinute;
        meters.counter(
                        "onpoint.callbacks.refused",
                        "provider",
                        provider,
                        "kind",
                        kind,
                        "recorded",
                        Boolean.toString(!throttled))
                .increment();
        if (throttled) {
            if (refusals == perMinute + 1) {
                log.warn(
                        "{} {} callbacks from {}: over {} refusals this minute, the rest are answered 429 unrecorded",
                        provider,
                        kind,
                        source,
                        perMinute);
            }
            int secondsLeft = (int) Math.max(1, 60 - (now / 1000) % 60);
            throw new ApiProblem(
                            429,
                            "callbacks-throttled",
                            "Too many refused callbacks",
                            "Too many refused callbacks from this address; try again in " + secondsLeft + " seconds",
                            null)
                    .with("limit", "refused_callbacks_per_minute")
                    .with("limit_value", perMinute)
                    .header("Retry-After", Integer.toString(secondsLeft));
        }
        log.warn("{} {} from {} refused: {}", provider, kind, source, why);
        records.record(provider, kind, null, Outcome.REJECTED, why, source, payload, keptChars);
    }
}
