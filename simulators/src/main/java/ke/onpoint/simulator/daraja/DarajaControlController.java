package ke.onpoint.simulator.daraja;

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
 * The simulator's remote control ({@code /sim/daraja/__sim/...}): drive outcomes, inject faults, expire tokens and
 * read what happened. Not part of Daraja, so its errors are plain {@code {"error": ...}} and faults never apply.
 * Faults, stats and reset are {@link ProviderControlController}'s.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH + DarajaApiController.CONTROL_PATH)
@ConditionalOnDarajaSimulator
public class DarajaControlController extends ProviderControlController {

    private final DarajaStkTransactions simulator;
    private final DarajaStkQueryFaults queryFaults;
    private final DarajaTokens tokens;
    private final DarajaCallbackLog callbackLog;
    private final DarajaShortcodes shortcodes;

    public DarajaControlController(
            DarajaStkTransactions simulator,
            DarajaFaults faults,
            DarajaTokens tokens,
            DarajaStats stats,
            DarajaCallbackLog callbackLog,
            DarajaShortcodes shortcodes,
            DarajaStkQueryFaults queryFaults) {
        super(faults, stats);
        this.queryFaults = queryFaults;
        this.shortcodes = shortcodes;
        this.simulator = simulator;
        this.tokens = tokens;
        this.callbackLog = callbackLog;
    }

    /**
     * Body {@code {"ResultCode":1032,"send_callback":true,"ResultDesc":"optional","Amount":1}}; all optional (default
     * success). {@code Amount} makes a success callback report that amount instead of the one pushed.
     */
    @PostMapping("/stk/{checkoutRequestId}/resolve")
    public ResponseEntity<String> resolve(
            @PathVariable String checkoutRequestId, @RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObjectOrEmpty(body);
        if (json == null) {
            return error(HttpStatus.BAD_REQUEST, "body must be a JSON object");
        }
        Integer resultCode = integer(json.get("ResultCode"), 0);
        if (resultCode == null) {
            return error(HttpStatus.BAD_REQUEST, "ResultCode must be an integer");
        }
        Boolean sendCallback = bool(json.get("send_callback"), true);
        if (sendCallback == null) {
            return error(HttpStatus.BAD_REQUEST, "send_callback must be true or false");
        }
        JsonNode amountNode = json.get("Amount");
        Integer amount = amountNode == null ? null : integer(amountNode, 0);
        if (amountNode != null && amount == null) {
            return error(HttpStatus.BAD_REQUEST, "Amount must be an integer");
        }
        if (amount != null) {
            simulator
                    .find(checkoutRequestId)
                    .filter(DarajaStkTransaction::pending)
                    .ifPresent(t -> t.reportAmount(amount.longValue()));
        }
        JsonNode descNode = json.get("ResultDesc");
        String resultDesc = descNode != null && descNode.isTextual() ? descNode.textValue() : null;

        DarajaStkTransactions.Resolution resolution =
                simulator.resolve(checkoutRequestId, resultCode, resultDesc, sendCallback);
        return switch (resolution.status()) {
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "unknown CheckoutRequestID " + checkoutRequestId);
            case ALREADY_FINAL -> {
                ObjectNode conflict = SimulatorJson.object().put("error", "transaction is already final");
                conflict.set("transaction", resolution.transaction().toJson());
                yield respond(HttpStatus.CONFLICT, conflict);
            }
            case RESOLVED -> ok(resolution.transaction().toJson());
        };
    }

    /** Sends a final transaction's callback again, now (a late or redelivered callback); 409 while it is pending. */
    @PostMapping("/stk/{checkoutRequestId}/callback")
    public ResponseEntity<String> sendCallbackAgain(@PathVariable String checkoutRequestId) {
        DarajaStkTransactions.Resolution resolution = simulator.sendCallbackAgain(checkoutRequestId);
        return switch (resolution.status()) {
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "unknown CheckoutRequestID " + checkoutRequestId);
            case ALREADY_FINAL -> error(HttpStatus.CONFLICT, "transaction is still pending: no callback to send");
            case RESOLVED -> ok(resolution.transaction().toJson());
        };
    }

    /**
     * Fields that replace those of this transaction's STK Query answers, e.g. {@code {"CheckoutRequestID":"ws_CO_x"}}
     * (an answer about another request); {@code {}} restores the true answer.
     */
    @PostMapping("/stk/{checkoutRequestId}/query-answer")
    public ResponseEntity<String> overrideQueryAnswer(
            @PathVariable String checkoutRequestId, @RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObjectOrEmpty(body);
        if (json == null) {
            return error(HttpStatus.BAD_REQUEST, "body must be a JSON object");
        }
        return simulator
                .find(checkoutRequestId)
                .map(transaction -> {
                    transaction.overrideQueryAnswer(json);
                    return ok(SimulatorJson.object()
                            .put("checkout_request_id", checkoutRequestId)
                            .set("query_answer_override", json));
                })
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown CheckoutRequestID " + checkoutRequestId));
    }

    /** STK Query alone down or slow: body {@code {"mode":"none"|"down"|"slow","latency_ms":2500}}. */
    @PostMapping("/stk-query/faults")
    public ResponseEntity<String> setQueryFaults(@RequestBody(required = false) byte[] body) {
        return setFaults(queryFaults, body);
    }

    @GetMapping("/stk-query/faults")
    public ResponseEntity<String> getQueryFaults() {
        return ok(queryFaults.toJson());
    }

    /** Links a merchant's own shortcode to the app: {@code {"shortcode":"600100","passkey":"…"}}. */
    @PostMapping("/shortcodes")
    public ResponseEntity<String> linkShortcode(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObjectOrEmpty(body);
        String shortcode = json == null ? null : json.path("shortcode").asText(null);
        String passkey = json == null ? null : json.path("passkey").asText(null);
        if (shortcode == null || !shortcode.matches("\\d{5,7}") || passkey == null || passkey.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "shortcode (5 to 7 digits) and passkey are required");
        }
        shortcodes.link(shortcode, passkey);
        return ok(SimulatorJson.object().put("linked", shortcode));
    }

    @PostMapping("/oauth/expire-tokens")
    public ResponseEntity<String> expireTokens() {
        return ok(SimulatorJson.object().put("expired_tokens", tokens.expireAll()));
    }

    @GetMapping("/callbacks")
    public ResponseEntity<String> callbacks(
            @RequestParam(value = "checkout_request_id", required = false) String checkoutRequestId) {
        List<DarajaCallbackLog.Attempt> attempts = callbackLog.list(checkoutRequestId);
        return ok(BoundedLog.toJson("callbacks", attempts, DarajaCallbackLog.Attempt::toJson));
    }

    @GetMapping("/transactions/{checkoutRequestId}")
    public ResponseEntity<String> transaction(@PathVariable String checkoutRequestId) {
        return found(
                simulator.find(checkoutRequestId),
                DarajaStkTransaction::toJson,
                "unknown CheckoutRequestID " + checkoutRequestId);
    }

    /** STK Query's own faults off too; transactions and the callback log stay. */
    @Override
    protected void resetOwn(ObjectNode answer) {
        queryFaults.clear();
    }

    /** An integer given as a JSON number or a numeric string; the fallback when absent; null when unusable. */
    private static Integer integer(JsonNode node, int fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean bool(JsonNode node, boolean fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()
                && ("true".equalsIgnoreCase(node.textValue()) || "false".equalsIgnoreCase(node.textValue()))) {
            return Boolean.parseBoolean(node.textValue());
        }
        return null;
    }
}
