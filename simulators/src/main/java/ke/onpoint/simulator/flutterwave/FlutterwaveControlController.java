package ke.onpoint.simulator.flutterwave;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.SimulatorJson;
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
@RequestMapping(FlutterwaveApiController.BASE_PATH + FlutterwaveApiController.CONTROL_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveControlController {

    private final FlutterwaveTransactions simulator;
    private final FlutterwaveFaults faults;
    private final FlutterwaveStats stats;
    private final FlutterwaveWebhookLog webhookLog;

    public FlutterwaveControlController(FlutterwaveTransactions simulator, FlutterwaveFaults faults,
                                                 FlutterwaveStats stats, FlutterwaveWebhookLog webhookLog) {
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
            simulator.webhookMode(FlutterwaveTransactions.WebhookMode.parse(mode == null ? "" : mode));
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
        List<FlutterwaveWebhookLog.Attempt> attempts = webhookLog.list(txRef);
        return FlutterwaveJson.ok(BoundedLog.toJson("webhooks", attempts, FlutterwaveWebhookLog.Attempt::toJson));
    }

    /** Body {@code {"mode":"none"|"down"|"slow","latency_ms":2500}}. */
    @PostMapping("/faults")
    public ResponseEntity<String> setFaults(@RequestBody(required = false) byte[] body) {
        String problem = faults.setFrom(SimulatorJson.parseObjectOrEmpty(body));
        if (problem != null) {
            return error(HttpStatus.BAD_REQUEST, problem);
        }
        return FlutterwaveJson.ok(faults.toJson());
    }

    @GetMapping("/faults")
    public ResponseEntity<String> getFaults() {
        return FlutterwaveJson.ok(faults.toJson());
    }

    /** Body {@code {"mode":"process"|"fail"}}. */
    @PostMapping("/refunds")
    public ResponseEntity<String> setRefundMode(@RequestBody(required = false) byte[] body) {
        String mode = mode(body);
        try {
            simulator.refundMode(FlutterwaveTransactions.RefundMode.parse(mode == null ? "" : mode));
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
        ObjectNode json = SimulatorJson.object().put("reset", true);
        json.set("faults", faults.toJson());
        json.put("webhooks", simulator.webhookMode().wireName());
        json.put("refunds", simulator.refundMode().wireName());
        json.set("stats", stats.toJson());
        return FlutterwaveJson.ok(json);
    }

    private ObjectNode webhookModeJson() {
        return SimulatorJson.object().put("mode", simulator.webhookMode().wireName());
    }

    private ObjectNode refundModeJson() {
        return SimulatorJson.object().put("mode", simulator.refundMode().wireName());
    }

    /** The body's textual {@code mode}, or null. */
    private static String mode(byte[] body) {
        ObjectNode json = SimulatorJson.parseObjectOrEmpty(body);
        return json != null && json.path("mode").isTextual() ? json.get("mode").textValue() : null;
    }


    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return FlutterwaveJson.response(status, SimulatorJson.object().put("error", message));
    }
}
