package ke.onpoint.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A simulator's named request counters. Registering each counter once under its JSON name keeps reset and the
 * stats JSON in step with the counters by construction.
 */
public final class SimulatorCounters {

    private final Map<String, AtomicLong> counters = new LinkedHashMap<>();

    /** Registers a counter; the stats JSON lists them in registration order. Call during construction only. */
    public AtomicLong add(String jsonName) {
        AtomicLong counter = new AtomicLong();
        if (counters.putIfAbsent(jsonName, counter) != null) {
            throw new IllegalArgumentException("duplicate counter " + jsonName);
        }
        return counter;
    }

    public void reset() {
        counters.values().forEach(counter -> counter.set(0));
    }

    public ObjectNode toJson() {
        ObjectNode json = SimulatorJson.object();
        counters.forEach((name, counter) -> json.put(name, counter.get()));
        return json;
    }
}
