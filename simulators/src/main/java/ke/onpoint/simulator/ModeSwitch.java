package ke.onpoint.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A behaviour a test switches through the control API with {@code {"mode":"..."}} (how webhooks leave, whether
 * refunds go through): the constants of an enum, lower-case on the wire.
 */
public final class ModeSwitch<E extends Enum<E>> {

    private final Class<E> modes;
    private final Supplier<E> current;
    private final Consumer<E> set;

    public ModeSwitch(Class<E> modes, Supplier<E> current, Consumer<E> set) {
        this.modes = modes;
        this.current = current;
        this.set = set;
    }

    /** Switches to the mode the body names; false, and nothing changes, when it names none (or is no object). */
    boolean setFrom(ObjectNode body) {
        if (body == null || !body.path("mode").isTextual()) {
            return false;
        }
        E mode;
        try {
            mode = Enum.valueOf(modes, body.get("mode").textValue().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        set.accept(mode);
        return true;
    }

    public String wireName() {
        return current.get().name().toLowerCase(Locale.ROOT);
    }

    /** {@code {"mode":"<wire name>"}}. */
    ObjectNode toJson() {
        return SimulatorJson.object().put("mode", wireName());
    }

    /** What a 400 says: {@code body must be {"mode":"a|b|c"}}. */
    String usage() {
        return Arrays.stream(modes.getEnumConstants())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("|", "body must be {\"mode\":\"", "\"}"));
    }
}
