package ke.onpoint.simulator.flutterwave;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.ProviderControlController;
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
 * faults never apply. Faults, stats and reset are {@link ProviderControlController}'s.
 */
@RestController
@RequestMapping(FlutterwaveApiController.BASE_PATH + FlutterwaveApiController.CONTROL_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveControlController extends ProviderControlController {

    private final FlutterwaveTransactions simulator;
    private final FlutterwaveWebhookLog webhookLog;

    public FlutterwaveControlController(FlutterwaveTransactions simulator, FlutterwaveFaults faults,
                                        FlutterwaveStats stats, FlutterwaveWebhookLog webhookLog) {
        super(faults, stats);
        this.simulator = simulator;
        this.webhookLog = webhookLog;
    }

    /** Body {@code {"mode":"normal"|"duplicate"|"bad_hash"|"none"}}; applies to choices made from now on. */
    @PostMapping("/webhooks")
    public ResponseEntity<String> setWebhookMode(@RequestBody(required = false) byte[] body) {
        return setMode(body, FlutterwaveTransactions.WebhookMode::parse, simulator::webhookMode,
                "body must be {\"mode\":\"normal|duplicate|bad_hash|none\"}", this::webhookMode);
    }

    @GetMapping("/webhooks")
    public ResponseEntity<String> getWebhookMode() {
        return mode(this::webhookMode);
    }

    /** Every webhook attempt, oldest first; {@code ?tx_ref=} narrows it to one payment. */
    @GetMapping("/webhooks/log")
    public ResponseEntity<String> webhookLog(@RequestParam(value = "tx_ref", required = false) String txRef) {
        List<FlutterwaveWebhookLog.Attempt> attempts = webhookLog.list(txRef);
        return ok(BoundedLog.toJson("webhooks", attempts, FlutterwaveWebhookLog.Attempt::toJson));
    }

    /** Body {@code {"mode":"process"|"fail"}}. */
    @PostMapping("/refunds")
    public ResponseEntity<String> setRefundMode(@RequestBody(required = false) byte[] body) {
        return setMode(body, FlutterwaveTransactions.RefundMode::parse, simulator::refundMode,
                "body must be {\"mode\":\"process|fail\"}", this::refundMode);
    }

    @GetMapping("/refunds")
    public ResponseEntity<String> getRefundMode() {
        return mode(this::refundMode);
    }

    @GetMapping("/transactions/{txRef}")
    public ResponseEntity<String> transaction(@PathVariable String txRef) {
        return simulator.findByTxRef(txRef)
                .map(transaction -> ok(transaction.toJson(simulator.checkoutLink(transaction))))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown tx_ref " + txRef));
    }

    /** Webhooks normal and refunds processed; payments and the webhook log stay (tx_refs stay taken). */
    @Override
    protected void resetOwn(ObjectNode answer) {
        simulator.resetModes();
        answer.put("webhooks", webhookMode());
        answer.put("refunds", refundMode());
    }

    /** Everything this simulator answers goes through Flutterwave's writer (plain decimals). */
    @Override
    protected ResponseEntity<String> respond(HttpStatus status, JsonNode body) {
        return FlutterwaveJson.response(status, body);
    }

    private String webhookMode() {
        return simulator.webhookMode().wireName();
    }

    private String refundMode() {
        return simulator.refundMode().wireName();
    }
}
