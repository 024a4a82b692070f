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
 * Remote control of the simulated Transfers ({@code /sim/paystack/__sim/...}): the transfers received (with how
 * many requests carried each reference), the scenario of the next ones, the balance, reset. No key; errors are
 * {@code {"error":…}}.
 */
@RestController("paystackSimTransferControlController")
@RequestMapping(PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH)
@ConditionalOnPaystackSimulator
public class PaystackTransferControlController {

    /** The scenario mode shown when no rule is set. */
    static final String DEFAULT_MODE = "success";

    private final PaystackTransfers transfers;

    public PaystackTransferControlController(PaystackTransfers transfers) {
        this.transfers = transfers;
    }

    /** {@code {"count":n,"transfers":[…]}}, newest first; each with {@code requests} for its reference. */
    @GetMapping("/transfers")
    public ResponseEntity<String> list(
            @RequestParam(value = "reference", required = false) String reference,
            @RequestParam(value = "recipient", required = false) String recipient) {
        List<PaystackTransfer> found = transfers.list().stream()
                .filter(t -> reference == null || reference.equals(t.reference()))
                .filter(t -> recipient == null || recipient.equals(t.recipient().code()))
                .toList();
        return SimulatorJson.ok(BoundedLog.toJson("transfers", found, this::controlJson));
    }

    @GetMapping("/transfers/{reference}")
    public ResponseEntity<String> transfer(@PathVariable String reference) {
        return transfers
                .find(reference)
                .map(t -> SimulatorJson.ok(controlJson(t)))
                .orElseGet(() -> error(
                        HttpStatus.NOT_FOUND,
                        "unknown transfer reference " + reference + " (requests: " + transfers.requests(reference)
                                + ")"));
    }

    /** Body {@code {"mode":"success|insufficient_balance|…","recipient":"RCP_… (optional)"}}. */
    @PostMapping("/transfers/scenario")
    public ResponseEntity<String> setScenario(@RequestBody(required = false) byte[] body) {
        String problem = transfers.rules().setFrom(SimulatorJson.parseObject(body));
        return problem != null ? error(HttpStatus.BAD_REQUEST, problem) : getScenario();
    }

    @GetMapping("/transfers/scenario")
    public ResponseEntity<String> getScenario() {
        return SimulatorJson.ok(transfers.rules().toJson(DEFAULT_MODE));
    }

    /** Scenario rules off; transfers, recipients and balances stay. */
    @PostMapping("/transfers/reset")
    public ResponseEntity<String> reset() {
        transfers.rules().reset();
        ObjectNode json = SimulatorJson.object().put("reset", true);
        json.set("scenario", transfers.rules().toJson(DEFAULT_MODE));
        return SimulatorJson.ok(json);
    }

    /** Body {@code {"currency":"KES","balance":<subunits>}}: sets the balance transfers are paid from. */
    @PostMapping("/balance")
    public ResponseEntity<String> setBalance(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        JsonNode balance = json == null ? null : json.get("balance");
        String currency = json == null ? null : json.path("currency").asText("KES");
        if (balance == null
                || !balance.isIntegralNumber()
                || !balance.canConvertToLong()
                || balance.longValue() < 0
                || !TransferRequests.TRANSFER_CURRENCIES.contains(currency)) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"currency\":\"KES\",\"balance\":<subunits>}");
        }
        transfers.balance(currency, balance.longValue());
        return getBalance();
    }

    @GetMapping("/balance")
    public ResponseEntity<String> getBalance() {
        ObjectNode json = SimulatorJson.object();
        transfers.balances().forEach(json::put);
        return SimulatorJson.ok(json);
    }

    private ObjectNode controlJson(PaystackTransfer transfer) {
        return transfer.toControlJson().put("requests", transfers.requests(transfer.reference()));
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return SimulatorJson.response(status, SimulatorJson.object().put("error", message));
    }
}
