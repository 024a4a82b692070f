package ke.onpoint.simulator;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Provider-side faults a test can switch on: the provider down (503 on every API path) or slow (added latency).
 * Each simulator subclasses it only to say what its 503 looks like, and registers the subclass as its own bean.
 */
public abstract class ProviderFaults {

    /** Latency for {@code "mode":"slow"} when the control body does not say. */
    public static final long DEFAULT_LATENCY_MS = 2000;

    public enum Mode {
        NONE,
        DOWN,
        SLOW;

        static Mode parse(String value) {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Settings(Mode mode, long latencyMs) {}

    private static final Settings OFF = new Settings(Mode.NONE, 0);

    private final AtomicReference<Settings> current = new AtomicReference<>(OFF);
    private final long maxLatencyMs;

    protected ProviderFaults() {
        this(Long.MAX_VALUE);
    }

    /** {@code maxLatencyMs}: the largest latency_ms the control body may ask for; larger is a 400. */
    protected ProviderFaults(long maxLatencyMs) {
        this.maxLatencyMs = maxLatencyMs;
    }

    /** The provider's own 503 answer, thrown by {@link #apply()} while the provider is down. */
    protected abstract RuntimeException serviceUnavailable();

    public Settings current() {
        return current.get();
    }

    public void set(Settings settings) {
        current.set(settings);
    }

    public void clear() {
        current.set(OFF);
    }

    /** Called first by every provider endpoint: throws the 503 when down, sleeps when slow, else returns at once. */
    public void apply() {
        Settings settings = current.get();
        switch (settings.mode()) {
            case DOWN -> throw serviceUnavailable();
            case SLOW -> sleep(settings.latencyMs());
            case NONE -> {}
        }
    }

    /**
     * Switches to what a control body {@code {"mode":"none|down|slow","latency_ms":N}} asks for. Returns null when
     * it did, else the message for the 400 (and nothing changes).
     */
    public String setFrom(ObjectNode body) {
        if (body == null || !body.path("mode").isTextual()) {
            return "body must be {\"mode\":\"none|down|slow\",\"latency_ms\":N}";
        }
        Mode mode;
        try {
            mode = Mode.parse(body.get("mode").textValue());
        } catch (IllegalArgumentException e) {
            return "mode must be none, down or slow";
        }
        Long latency = latency(body.get("latency_ms"));
        if (latency == null || latency < 0) {
            return "latency_ms must be a non-negative integer";
        }
        set(new Settings(mode, mode == Mode.SLOW ? latency : 0));
        return null;
    }

    /** The control API's view: {@code {"mode":"none|down|slow","latency_ms":N}}. */
    public ObjectNode toJson() {
        Settings settings = current.get();
        return SimulatorJson.object().put("mode", settings.mode().wireName()).put("latency_ms", settings.latencyMs());
    }

    /** latency_ms as a JSON integer or numeric string; the default when absent; null when unusable or too large. */
    private Long latency(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_LATENCY_MS;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return atMostMax(node.longValue());
        }
        if (node.isTextual()) {
            try {
                return atMostMax(Long.parseLong(node.textValue().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private Long atMostMax(long value) {
        return value > maxLatencyMs ? null : value;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
