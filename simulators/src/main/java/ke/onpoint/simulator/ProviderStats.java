package ke.onpoint.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A simulator's request counters, as the control API shows and resets them. Each simulator subclasses it only to
 * register its own counters (as fields initialised from {@link #counters}) and the methods that count.
 */
public abstract class ProviderStats {

    protected final SimulatorCounters counters = new SimulatorCounters();

    public void reset() {
        counters.reset();
    }

    public ObjectNode toJson() {
        return counters.toJson();
    }
}
