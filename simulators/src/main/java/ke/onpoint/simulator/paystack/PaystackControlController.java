package ke.onpoint.simulator.paystack;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The simulator's remote control ({@code /sim/paystack/__sim/...}): webhook, fault and refund modes, amount
 * tampering and what happened. Not part of Paystack, so it needs no key, its errors are plain
 * {@code {"error": ...}} and faults never apply.
 */
@RestController("paystackSimControlController")
@RequestMapping(PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH)
@ConditionalOnPaystackSimulator
public class PaystackControlController {

    private final PaystackTransactions ledger;
    private final PaystackFaults faults;
    private final PaystackStats stats;
    private final PaystackWebhookSender webhooks;
    private final PaystackWebhookLog webhookLog;

    public PaystackControlController(PaystackTransactions ledger, PaystackFaults faults, PaystackStats stats,
                                              PaystackWebhookSender webhooks, PaystackWebhookLog webhookLog) {
        this.ledger = ledger;
        this.faults = faults;
        this.stats = stats;
        this.webhooks = webhooks;
        this.webhookLog = webhookLog;
    }

    /** Body {@code {"mode":"normal"|"duplicate"|"bad_signature"|"none"}}; applies to webhooks sent from now on. */
    @PostMapping("/webhooks")
    public ResponseEntity<String> setWebhookMode(@RequestBody(required = false) byte[] body) {
        String mode = mode(body);
        try {
            webhooks.mode(PaystackWebhookSender.Mode.parse(mode == null ? "" : mode));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"mode\":\"normal|duplicate|bad_signature|none\"}");
        }
        return SimulatorJson.ok(webhookModeJson());
    }

    @GetMapping("/webhooks")
    public ResponseEntity<String> getWebhookMode() {
        return SimulatorJson.ok(webhookModeJson());
    }

    /** Every attempt, oldest first; {@code ?reference=} keeps those about one transaction (refunds included). */
    @GetMapping("/webhooks/log")
    public ResponseEntity<String> webhookLog(@RequestParam(value = "reference", required = false) String reference) {
        List<PaystackWebhookLog.Attempt> attempts = webhookLog.list(reference);
        return SimulatorJson.ok(BoundedLog.toJson("webhooks", attempts, PaystackWebhookLog.Attempt::toJson));
    }

    /** Body {@code {"mode":"none"|"down"|"slow","latency_ms":2500}}. */
    @PostMapping("/faults")
    public ResponseEntity<String> setFaults(@RequestBody(required = false) byte[] body) {
        String problem = faults.setFrom(SimulatorJson.parseObject(body));
        if (problem != null) {
            return error(HttpStatus.BAD_REQUEST, problem);
        }
        return SimulatorJson.ok(faults.toJson());
    }

    @GetMapping("/faults")
    public ResponseEntity<String> getFaults() {
        return SimulatorJson.ok(faults.toJson());
    }

    /** Body {@code {"mode":"process"|"fail"}}; applies to refunds created from now on. */
    @PostMapping("/refunds")
    public ResponseEntity<String> setRefundMode(@RequestBody(required = false) byte[] body) {
        String mode = mode(body);
        try {
            ledger.refundMode(PaystackTransactions.RefundMode.parse(mode == null ? "" : mode));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"mode\":\"process|fail\"}");
        }
        return SimulatorJson.ok(refundModeJson());
    }

    @GetMapping("/refunds")
    public ResponseEntity<String> getRefundMode() {
        return SimulatorJson.ok(refundModeJson());
    }

    /** Body {@code {"amount":n}}: what verify reports as {@code amount} from now on (requested_amount stays). */
    @PostMapping("/transactions/{reference}/amount")
    public ResponseEntity<String> tamperAmount(@PathVariable String reference,
                                               @RequestBody(required = false) byte[] body) {
        PaystackTransaction transaction = ledger.find(reference).orElse(null);
        if (transaction == null) {
            return error(HttpStatus.NOT_FOUND, "unknown reference " + reference);
        }
        ObjectNode json = SimulatorJson.parseObject(body);
        JsonNode amount = json == null ? null : json.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() < 0) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"amount\":<non-negative integer subunits>}");
        }
        transaction.tamperAmount(amount.longValue());
        return SimulatorJson.ok(transaction.toControlJson());
    }

    @GetMapping("/transactions/{reference}")
    public ResponseEntity<String> transaction(@PathVariable String reference) {
        return ledger.find(reference)
                .map(transaction -> SimulatorJson.ok(transaction.toControlJson()))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown reference " + reference));
    }

    @GetMapping("/stats")
    public ResponseEntity<String> stats() {
        return SimulatorJson.ok(stats.toJson());
    }

    /**
     * Faults off, webhooks normal, refunds processed, counters zeroed. Transactions, refunds and the webhook log stay,
     * so a running test is not disturbed.
     */
    @PostMapping("/reset")
    public ResponseEntity<String> reset() {
        faults.clear();
        webhooks.mode(PaystackWebhookSender.Mode.NORMAL);
        ledger.refundMode(PaystackTransactions.RefundMode.PROCESS);
        stats.reset();
        ObjectNode json = SimulatorJson.object().put("reset", true);
        json.set("faults", faults.toJson());
        json.put("webhook_mode", webhooks.mode().wireName());
        json.put("refund_mode", ledger.refundMode().wireName());
        json.set("stats", stats.toJson());
        return SimulatorJson.ok(json);
    }

    private ObjectNode webhookModeJson() {
        return SimulatorJson.object().put("mode", webhooks.mode().wireName());
    }

    private ObjectNode refundModeJson() {
        return SimulatorJson.object().put("mode", ledger.refundMode().wireName());
    }

    private static String mode(byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        return json != null && json.path("mode").isTextual() ? json.get("mode").textValue() : null;
    }


    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return SimulatorJson.response(status, SimulatorJson.object().put("error", message));
    }
}
