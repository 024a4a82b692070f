package ke.onpoint.simulator.flutterwave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.CardProviderControlController;
import ke.onpoint.simulator.ModeSwitch;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The simulator's remote control ({@code /sim/flutterwave/__sim/...}): webhook and refund behaviour, faults, and
 * what happened. Not part of Flutterwave, so no secret key is needed, errors are plain {@code {"error": ...}} and
 * faults never apply. Faults, stats, reset and the webhook and refund modes are
 * {@link CardProviderControlController}'s.
 */
@RestController
@RequestMapping(FlutterwaveApiController.BASE_PATH + FlutterwaveApiController.CONTROL_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveControlController extends CardProviderControlController {

    private final FlutterwaveTransactions simulator;

    public FlutterwaveControlController(
            FlutterwaveTransactions simulator,
            FlutterwaveFaults faults,
            FlutterwaveStats stats,
            FlutterwaveWebhookLog webhookLog) {
        super(
                faults,
                stats,
                new ModeSwitch<>(
                        FlutterwaveTransactions.WebhookMode.class, simulator::webhookMode, simulator::webhookMode),
                new ModeSwitch<>(
                        FlutterwaveTransactions.RefundMode.class, simulator::refundMode, simulator::refundMode),
                "tx_ref",
                txRef -> BoundedLog.toJson("webhooks", webhookLog.list(txRef), FlutterwaveWebhookLog.Attempt::toJson));
        this.simulator = simulator;
    }

    @GetMapping("/transactions/{txRef}")
    public ResponseEntity<String> transaction(@PathVariable String txRef) {
        return found(
                simulator.findByTxRef(txRef),
                transaction -> transaction.toJson(simulator.checkoutLink(transaction)),
                "unknown tx_ref " + txRef);
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
}
