package ke.onpoint.pay.simulator.flutterwave;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's remote control ({@code /sim/flutterwave/__sim/...}): webhook and refund behaviour, faults, and
 * what happened. Not part of Flutterwave, so no secret key is needed, errors are plain {@code {"error": ...}} and
 * faults never apply.
 */
@RestController
@RequestMapping(FlutterwaveSimulatorController.BASE_PATH + FlutterwaveSimulatorController.CONTROL_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveSimulatorControlController {

    /** Latency for {@code "mode":"slow"} when the request does not say. */
    static final long DEFAULT_LATENCY_MS = 2000;

    private final FlutterwaveSimulator simulator;
    private final FlutterwaveSimulatorFaults faults;
    private final FlutterwaveSimulatorStats stats;
    private final FlutterwaveWebhookLog webhookLog;

    public FlutterwaveSimulatorControlController(FlutterwaveSimulator simulator, FlutterwaveSimulatorFaults faults,
                                                 FlutterwaveSimulatorStats stats, FlutterwaveWebhookLog webhookLog) {
        this.simulator = simulator;
        this.faults = faults;
        this.stats = stats;
        this.webhookLog = webhookLog;
    }

    /** Body {@code {"mode":"normal"|"duplicate"|"bad_hash"|"none"}}; applies to choices made from now on. */
    @PostMapping("/webhooks")
    public ResponseEntity<String> setWebhookMode(@RequestBody(required = false) byte[] body) {
        String mode = mode(body);
        try {
            simulator.webhookMode(FlutterwaveSimulator.WebhookMode.parse(mode == null ? "" : mode));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST,
                    "body must be {\"mode\":\"normal|duplicate|bad_hash|none\"}");
        }
        return FlutterwaveJson.ok(webhookModeJson());
    }

    @GetMapping("/webhooks")
    public ResponseEntity<String> getWebhookMode() {
        return FlutterwaveJson.ok(webhookModeJson());
    }

    /** Every webhook attempt, oldest first; {@code ?tx_ref=} narrows it to one payment. */
    @GetMapping("/webhooks/log")
    public ResponseEntity<String> webhookLog(@RequestParam(value = "tx_ref", required = false) String txRef) {
        List<FlutterwaveWebhookLog.Attempt> attempts = webhookLog.attempts(txRef);
        ObjectNode json = FlutterwaveJson.object().put("count", attempts.size());
        ArrayNode list = json.putArray("webhooks");
        attempts.forEach(attempt -> list.add(attempt.toJson()));
        return FlutterwaveJson.ok(json);
    }

    /** Body {@code {"mode":"none"|"down"|"slow","latency_ms":2500}}. */
    @PostMapping("/faults")
    public ResponseEntity<String> setFaults(@RequestBody(required = false) byte[] body) {
        ObjectNode json = FlutterwaveJson.parseObjectOrEmpty(body);
        if (json == null || !json.path("mode").isTextual()) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"mode\":\"none|down|slow\",\"latency_ms\":N}");
        }
        FlutterwaveSimulatorFaults.Mode mode;
        try {
            mode = FlutterwaveSimulatorFaults.Mode.parse(json.get("mode").textValue());
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "mode must be none, down or slow");
        }
        Long latency = latency(json.get("latency_ms"));
        if (latency == null || latency < 0) {
            return error(HttpStatus.BAD_REQUEST, "latency_ms must be a non-negative integer");
        }
        faults.set(new FlutterwaveSimulatorFaults.Settings(mode,
                mode == FlutterwaveSimulatorFaults.Mode.SLOW ? latency : 0));
        return FlutterwaveJson.ok(faultsJson());
    }

    @GetMapping("/faults")
    public ResponseEntity<String> getFaults() {
        return FlutterwaveJson.ok(faultsJson());
    }

    /** Body {@code {"mode":"process"|"fail"}}. */
    @PostMapping("/refunds")
    public ResponseEntity<String> setRefundMode(@RequestBody(required = false) byte[] body) {
        String mode = mode(body);
        try {
            simulator.refundMode(FlutterwaveSimulator.RefundMode.parse(mode == null ? "" : mode));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"mode\":\"process|fail\"}");
        }
        return FlutterwaveJson.ok(refundModeJson());
    }

    @GetMapping("/refunds")
    public ResponseEntity<String> getRefundMode() {
        return FlutterwaveJson.ok(refundModeJson());
    }

    @GetMapping("/transactions/{txRef}")
    public ResponseEntity<String> transaction(@PathVariable String txRef) {
        return simulator.findByTxRef(txRef)
                .map(transaction -> FlutterwaveJson.ok(transaction.toJson(simulator.checkoutLink(transaction))))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown tx_ref " + txRef));
    }

    @GetMapping("/stats")
    public ResponseEntity<String> stats() {
        return FlutterwaveJson.ok(stats.toJson());
    }

    /**
     * Faults off, webhooks normal, refunds processed, counters zeroed; payments and the webhook log stay, so a
     * running test is not disturbed (tx_refs stay taken).
     */
    @PostMapping("/reset")
    public ResponseEntity<String> reset() {
        faults.clear();
        simulator.resetModes();
        stats.reset();
        ObjectNode json = FlutterwaveJson.object().put("reset", true);
        json.set("faults", faultsJson());
        json.put("webhooks", simulator.webhookMode().wireName());
        json.put("refunds", simulator.refundMode().wireName());
        json.set("stats", stats.toJson());
        return FlutterwaveJson.ok(json);
    }

    private ObjectNode webhookModeJson() {
        return FlutterwaveJson.object().put("mode", simulator.webhookMode().wireName());
    }

    private ObjectNode refundModeJson() {
        return FlutterwaveJson.object().put("mode", simulator.refundMode().wireName());
    }

    private ObjectNode faultsJson() {
        FlutterwaveSimulatorFaults.Settings settings = faults.current();
        return FlutterwaveJson.object()
                .put("mode", settings.mode().wireName())
                .put("latency_ms", settings.latencyMs());
    }

    /** The body's textual {@code mode}, or null. */
    private static String mode(byte[] body) {
        ObjectNode json = FlutterwaveJson.parseObjectOrEmpty(body);
        return json != null && json.path("mode").isTextual() ? json.get("mode").textValue() : null;
    }

    /** latency_ms as a JSON integer or numeric string; the default when absent; null when unusable. */
    private static Long latency(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_LATENCY_MS;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return FlutterwaveJson.response(status, FlutterwaveJson.object().put("error", message));
    }
}
