package ke.onpoint.simulator.paystack;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.ProviderControlController;
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
 * {@code {"error": ...}} and faults never apply. Faults, stats and reset are {@link ProviderControlController}'s.
 */
@RestController("paystackSimControlController")
@RequestMapping(PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH)
@ConditionalOnPaystackSimulator
public class PaystackControlController extends ProviderControlController {

    private final PaystackTransactions ledger;
    private final PaystackWebhookSender webhooks;
    private final PaystackWebhookLog webhookLog;

    public PaystackControlController(PaystackTransactions ledger, PaystackFaults faults, PaystackStats stats,
                                     PaystackWebhookSender webhooks, PaystackWebhookLog webhookLog) {
        super(faults, stats);
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.webhookLog = webhookLog;
    }

    /** Body {@code {"mode":"normal"|"duplicate"|"bad_signature"|"none"}}; applies to webhooks sent from now on. */
    @PostMapping("/webhooks")
    public ResponseEntity<String> setWebhookMode(@RequestBody(required = false) byte[] body) {
        return setMode(body, PaystackWebhookSender.Mode::parse, webhooks::mode,
                "body must be {\"mode\":\"normal|duplicate|bad_signature|none\"}", this::webhookMode);
    }

    @GetMapping("/webhooks")
    public ResponseEntity<String> getWebhookMode() {
        return mode(this::webhookMode);
    }

    /** Every attempt, oldest first; {@code ?reference=} keeps those about one transaction (refunds included). */
    @GetMapping("/webhooks/log")
    public ResponseEntity<String> webhookLog(@RequestParam(value = "reference", required = false) String reference) {
        List<PaystackWebhookLog.Attempt> attempts = webhookLog.list(reference);
        return ok(BoundedLog.toJson("webhooks", attempts, PaystackWebhookLog.Attempt::toJson));
    }

    /** Body {@code {"mode":"process"|"fail"}}; applies to refunds created from now on. */
    @PostMapping("/refunds")
    public ResponseEntity<String> setRefundMode(@RequestBody(required = false) byte[] body) {
        return setMode(body, PaystackTransactions.RefundMode::parse, ledger::refundMode,
                "body must be {\"mode\":\"process|fail\"}", this::refundMode);
    }

    @GetMapping("/refunds")
    public ResponseEntity<String> getRefundMode() {
        return mode(this::refundMode);
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
        return ok(transaction.toControlJson());
    }

    @GetMapping("/transactions/{reference}")
    public ResponseEntity<String> transaction(@PathVariable String reference) {
        return ledger.find(reference)
                .map(transaction -> ok(transaction.toControlJson()))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown reference " + reference));
    }

    /** Webhooks normal and refunds processed (transactions, refunds and the webhook log stay). */
    @Override
    protected void resetOwn(ObjectNode answer) {
        webhooks.mode(PaystackWebhookSender.Mode.NORMAL);
        ledger.refundMode(PaystackTransactions.RefundMode.PROCESS);
        answer.put("webhook_mode", webhookMode());
        answer.put("refund_mode", refundMode());
    }

    private String webhookMode() {
        return webhooks.mode().wireName();
    }

    private String refundMode() {
        return ledger.refundMode().wireName();
    }
}
