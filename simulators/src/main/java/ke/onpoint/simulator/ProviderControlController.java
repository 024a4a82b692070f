package ke.onpoint.simulator;

import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * What every simulator's remote control ({@code /sim/<provider>/__sim/...}) has alike: the provider's faults
 * ({@code /faults}), its counters ({@code /stats}) and {@code /reset}. A simulator's control controller extends it
 * under its own {@code @RequestMapping} and adds only what is its own (modes, outcomes, logs). Not part of any
 * provider, so errors are plain {@code {"error": ...}} and faults never apply to it.
 */
public abstract class ProviderControlController {

    private final ProviderFaults faults;
    private final ProviderStats stats;

    protected ProviderControlController(ProviderFaults faults, ProviderStats stats) {
        this.faults = faults;
        this.stats = stats;
    }

    /** Body {@code {"mode":"none"|"down"|"slow","latency_ms":2500}}. */
    @PostMapping("/faults")
    public ResponseEntity<String> setFaults(@RequestBody(required = false) byte[] body) {
        return setFaults(faults, body);
    }

    @GetMapping("/faults")
    public ResponseEntity<String> getFaults() {
        return ok(faults.toJson());
    }

    @GetMapping("/stats")
    public ResponseEntity<String> stats() {
        return ok(stats.toJson());
    }

    /**
     * Faults off and counters zeroed, plus what {@link #resetOwn} resets; what the simulator holds (transactions,
     * logs) stays, so a running test is not disturbed. Answers {@code {"reset":true,"faults":…,…,"stats":…}}.
     */
    @PostMapping("/reset")
    public ResponseEntity<String> reset() {
        faults.clear();
        stats.reset();
        ObjectNode json = SimulatorJson.object().put("reset", true);
        json.set("faults", faults.toJson());
        resetOwn(json);
        json.set("stats", stats.toJson());
        return ok(json);
    }

    /** Resets the simulator's own modes and switches, and adds their state to the reset answer. */
    protected abstract void resetOwn(ObjectNode answer);

    /** Sets one fault switch from a control body; its view, or a 400 saying what the body must be. */
    protected ResponseEntity<String> setFaults(ProviderFaults target, byte[] body) {
        String problem = target.setFrom(SimulatorJson.parseObject(body));
        if (problem != null) {
            return error(HttpStatus.BAD_REQUEST, problem);
        }
        return ok(target.toJson());
    }

    /** The control view of what a lookup found, or a 404 saying {@code unknown}. */
    protected <T> ResponseEntity<String> found(
            Optional<T> found, Function<T, ? extends JsonNode> view, String unknown) {
        return found.map(thing -> ok(view.apply(thing))).orElseGet(() -> error(HttpStatus.NOT_FOUND, unknown));
    }

    protected ResponseEntity<String> ok(JsonNode body) {
        return respond(HttpStatus.OK, body);
    }

    protected ResponseEntity<String> error(HttpStatus status, String message) {
        return respond(status, SimulatorJson.object().put("error", message));
    }

    /** Renders an answer; a simulator with its own JSON writer (Flutterwave's plain decimals) overrides it. */
    protected ResponseEntity<String> respond(HttpStatus status, JsonNode body) {
        return SimulatorJson.response(status, body);
    }
}
