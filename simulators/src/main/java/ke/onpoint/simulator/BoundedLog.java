package ke.onpoint.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The last {@code capacity} entries (oldest evicted first), each filed under a key a test can ask for. Bounded so a
 * long load test cannot grow a simulator's memory without end. Each simulator's attempt log extends it, so only the
 * Attempt record and its JSON are the provider's own.
 */
public class BoundedLog<T> {

    private final int capacity;
    private final Function<? super T, String> keyOf;
    private final Deque<T> entries = new ArrayDeque<>();

    public BoundedLog(int capacity, Function<? super T, String> keyOf) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.keyOf = keyOf;
    }

    public synchronized void add(T entry) {
        entries.addLast(entry);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    /** Oldest first; all of them when key is null or blank, else those filed under exactly that key. */
    public synchronized List<T> list(String key) {
        boolean all = key == null || key.isBlank();
        return entries.stream()
                .filter(entry -> all || key.equals(keyOf.apply(entry)))
                .toList();
    }

    /** The control API's listing: {@code {"count":n,"<arrayName>":[...]}}, in the order given. */
    public static <T> ObjectNode toJson(
            String arrayName, List<T> entries, Function<? super T, ? extends JsonNode> render) {
        ObjectNode json = SimulatorJson.object().put("count", entries.size());
        ArrayNode list = json.putArray(arrayName);
        entries.forEach(entry -> list.add(render.apply(entry)));
        return json;
    }

    /** Whether an answer to a delivery attempt was a 2xx (Daraja and Flutterwave take any 2xx as delivered). */
    public static boolean success(Integer status) {
        return status != null && status >= 200 && status < 300;
    }

    /**
     * Adds what every delivery attempt shares to an entry's own fields: which attempt, where, the outcome (status, or
     * error when the call failed), how long it took, and the body sent (as JSON when it is JSON).
     */
    public static ObjectNode withOutcome(
            ObjectNode json,
            int attempt,
            String url,
            Integer status,
            String error,
            long durationMs,
            boolean delivered,
            String body) {
        json.put("attempt", attempt)
                .put("url", url)
                .put("status", status)
                .put("error", error)
                .put("duration_ms", durationMs)
                .put("delivered", delivered);
        json.set("body", SimulatorJson.read(body));
        return json;
    }
}
