package ke.onpoint.simulator;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Discrepancies a reconciliation test plants in what a provider reports about its own records (its transaction
 * listing, settlements, statement), keyed by the provider's reference: a record dropped, its amount or status
 * changed. They change only those reports, not the provider's verify/status answers, the way a provider's books can
 * disagree with what its API said at the time. Money the provider has and the gateway does not is planted by each
 * simulator as a real transaction of its own.
 */
public final class ReconOverrides {

    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final Map<String, BigDecimal> amounts = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    public void drop(String key) {
        dropped.add(key);
    }

    public boolean dropped(String key) {
        return dropped.contains(key);
    }

    public void amount(String key, BigDecimal amount) {
        amounts.put(key, amount);
    }

    /** The planted amount, in the provider's own unit, if one was planted. */
    public Optional<BigDecimal> amount(String key) {
        return Optional.ofNullable(amounts.get(key));
    }

    public void status(String key, String status) {
        statuses.put(key, status);
    }

    public Optional<String> status(String key) {
        return Optional.ofNullable(statuses.get(key));
    }

    public void clear() {
        dropped.clear();
        amounts.clear();
        statuses.clear();
    }

    /** {@code {"dropped":[…],"amounts":{key:n},"statuses":{key:s}}}. */
    public ObjectNode toJson() {
        ObjectNode json = SimulatorJson.object();
        dropped.stream().sorted().forEach(json.putArray("dropped")::add);
        ObjectNode amountsJson = json.putObject("amounts");
        amounts.forEach(amountsJson::put);
        ObjectNode statusesJson = json.putObject("statuses");
        statuses.forEach(statusesJson::put);
        return json;
    }
}
