package ke.onpoint.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcomes a test forces on a simulator's payouts through its control API: one scenario for everything from now
 * on, or one for a single recipient (a key such as a phone number or recipient code), the recipient's rule first.
 * The control body is {@code {"mode":"<scenario>","<keyField>":"optional"}}, scenarios lower-case on the wire.
 */
public final class ScenarioRules<E extends Enum<E>> {

    private final Class<E> scenarios;
    private final String keyField;
    private final AtomicReference<E> global = new AtomicReference<>();
    private final Map<String, E> byKey = new ConcurrentHashMap<>();

    public ScenarioRules(Class<E> scenarios, String keyField) {
        this.scenarios = scenarios;
        this.keyField = keyField;
    }

    /** The forced scenario for this recipient, if any rule applies. */
    public Optional<E> forKey(String key) {
        E forRecipient = key == null ? null : byKey.get(key);
        return Optional.ofNullable(forRecipient != null ? forRecipient : global.get());
    }

    /** Applies a control body; null when it did, else the message for the 400 (and nothing changes). */
    public String setFrom(ObjectNode body) {
        E scenario = parse(body == null ? null : body.get("mode"));
        JsonNode key = body == null ? null : body.get(keyField);
        if (scenario == null || (key != null && !key.isNull() && !key.isTextual())) {
            return "body must be {\"mode\":\"" + names() + "\",\"" + keyField + "\":\"optional\"}";
        }
        if (key == null || key.isNull()) {
            global.set(scenario);
        } else {
            byKey.put(key.textValue(), scenario);
        }
        return null;
    }

    public void reset() {
        global.set(null);
        byKey.clear();
    }

    /** {@code {"mode":"<global scenario or default>","rules":[{"mode":…,"<keyField>":…}]}}. */
    public ObjectNode toJson(String defaultMode) {
        E current = global.get();
        ObjectNode json = SimulatorJson.object().put("mode", current == null ? defaultMode : wireName(current));
        ArrayNode rules = json.putArray("rules");
        byKey.forEach((key, scenario) ->
                rules.addObject().put("mode", wireName(scenario)).put(keyField, key));
        return json;
    }

    private E parse(JsonNode mode) {
        if (mode == null || !mode.isTextual()) {
            return null;
        }
        try {
            return Enum.valueOf(scenarios, mode.textValue().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String names() {
        return Arrays.stream(scenarios.getEnumConstants()).map(this::wireName).collect(Collectors.joining("|"));
    }

    private String wireName(E scenario) {
        return scenario.name().toLowerCase(Locale.ROOT);
    }
}
