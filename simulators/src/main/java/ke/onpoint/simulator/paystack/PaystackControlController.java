package ke.onpoint.simulator.paystack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.CardProviderControlController;
import ke.onpoint.simulator.ModeSwitch;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's remote control ({@code /sim/paystack/__sim/...}): webhook, fault and refund modes, amount
 * tampering and what happened. Not part of Paystack, so it needs no key, its errors are plain
 * {@code {"error": ...}} and faults never apply. Faults, stats, reset and the webhook and refund modes are
 * {@link CardProviderControlController}'s.
 */
@RestController("paystackSimControlController")
@RequestMapping(PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH)
@ConditionalOnPaystackSimulator
public class PaystackControlController extends CardProviderControlController {

    private final PaystackTransactions ledger;
    private final PaystackWebhookSender webhooks;

    public PaystackControlController(
            PaystackTransactions ledger,
            PaystackFaults faults,
            PaystackStats stats,
            PaystackWebhookSender webhooks,
            PaystackWebhookLog webhookLog) {
        super(
                faults,
                stats,
                new ModeSwitch<>(PaystackWebhookSender.Mode.class, webhooks::mode, webhooks::mode),
                new ModeSwitch<>(PaystackTransactions.RefundMode.class, ledger::refundMode, ledger::refundMode),
                // ?reference= keeps the attempts about one transaction (its refunds' included)
                "reference",
                reference ->
                        BoundedLog.toJson("webhooks", webhookLog.list(reference), PaystackWebhookLog.Attempt::toJson));
        this.ledger = ledger;
        this.webhooks = webhooks;
    }

    /** Body {@code {"amount":n}}: what verify reports as {@code amount} from now on (requested_amount stays). */
    @PostMapping("/transactions/{reference}/amount")
    public ResponseEntity<String> tamperAmount(
            @PathVariable String reference, @RequestBody(required = false) byte[] body) {
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
        return found(ledger.find(reference), PaystackTransaction::toControlJson, "unknown reference " + reference);
    }

    /** Webhooks normal and refunds processed (transactions, refunds and the webhook log stay). */
    @Override
    protected void resetOwn(ObjectNode answer) {
        webhooks.mode(PaystackWebhookSender.Mode.NORMAL);
        ledger.refundMode(PaystackTransactions.RefundMode.PROCESS);
        answer.put("webhook_mode", webhookMode());
        answer.put("refund_mode", refundMode());
    }
}
