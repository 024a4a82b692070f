package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Remote control of the payout APIs ({@code /sim/daraja/__sim/...}): what payouts arrived (and how often each
 * OriginatorConversationID was sent), the scenario of the next ones, each shortcode's float, reset. Errors are
 * {@code {"error":…}}; faults never apply here.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH + DarajaApiController.CONTROL_PATH)
@ConditionalOnDarajaSimulator
public class DarajaPayoutControlController {

    static final String PAYOUTS = "/payouts";
    static final String PAYOUT = "/payouts/{originatorConversationId}";
    static final String SCENARIO = "/payouts/scenario";
    static final String RESET = "/payouts/reset";
    static final String FLOAT = "/b2c/float/{shortCode}";
    /** The scenario mode shown when no rule is set: the recipient's test number decides. */
    static final String BY_RECIPIENT = "by_recipient";

    private final PayoutSimulator payouts;
    private final OrgAccounts accounts;

    public DarajaPayoutControlController(PayoutSimulator payouts, OrgAccounts accounts) {
        this.payouts = payouts;
        this.accounts = accounts;
    }

    /**
     * {@code {"count":n,"payouts":[…]}}, oldest first, optionally only one OriginatorConversationID or one recipient;
     * each payout's {@code requests} says how many requests carried its OriginatorConversationID.
     */
    @GetMapping(PAYOUTS)
    public ResponseEntity<String> list(
            @RequestParam(value = "originator_conversation_id", required = false) String ocid,
            @RequestParam(value = "party_b", required = false) String partyB) {
        List<Payout> found = payouts.list().stream()
                .filter(p -> ocid == null || ocid.equals(p.originatorConversationId()))
                .filter(p -> partyB == null || partyB.equals(p.request().partyB()))
                .toList();
        return SimulatorJson.ok(BoundedLog.toJson("payouts", found, Payout::toJson));
    }

    @GetMapping(PAYOUT)
    public ResponseEntity<String> payout(@PathVariable String originatorConversationId) {
        return payouts.find(originatorConversationId)
                .map(p -> SimulatorJson.ok(p.toJson()))
                .orElseGet(() ->
                        error(HttpStatus.NOT_FOUND, "unknown OriginatorConversationID " + originatorConversationId));
    }

    /** Body {@code {"mode":"success|insufficient_float|…","party_b":"optional: only this recipient"}}. */
    @PostMapping(SCENARIO)
    public ResponseEntity<String> setScenario(@RequestBody(required = false) byte[] body) {
        String problem = payouts.rules().setFrom(SimulatorJson.parseObject(body));
        return problem != null ? error(HttpStatus.BAD_REQUEST, problem) : getScenario();
    }

    @GetMapping(SCENARIO)
    public ResponseEntity<String> getScenario() {
        return SimulatorJson.ok(payouts.rules().toJson(BY_RECIPIENT));
    }

    /** Scenario rules off (recipients' test numbers decide again); payouts and float stay. */
    @PostMapping(RESET)
    public ResponseEntity<String> reset() {
        payouts.rules().reset();
        ObjectNode json = SimulatorJson.object().put("reset", true);
        json.set("scenario", payouts.rules().toJson(BY_RECIPIENT));
        return SimulatorJson.ok(json);
    }

    /** Body {@code {"utility":50000,"working":1000000,"charges_paid":0}} in KES; an absent key keeps its value. */
    @PutMapping(FLOAT)
    public ResponseEntity<String> setFloat(@PathVariable String shortCode, @RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        OrgAccounts.Balances current = accounts.balances(shortCode);
        BigDecimal utility = json == null ? null : amount(json.get("utility"), current.utility());
        BigDecimal working = json == null ? null : amount(json.get("working"), current.working());
        BigDecimal charges = json == null ? null : amount(json.get("charges_paid"), current.chargesPaid());
        if (!shortCode.matches("\\d{5,7}") || utility == null || working == null || charges == null) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "shortcode must be 5 to 7 digits and body {\"utility\":n,\"working\":n,\"charges_paid\":n} (KES)");
        }
        accounts.set(shortCode, new OrgAccounts.Balances(utility, working, charges));
        return getFloat(shortCode);
    }

    @GetMapping(FLOAT)
    public ResponseEntity<String> getFloat(@PathVariable String shortCode) {
        return SimulatorJson.ok(accounts.balances(shortCode).toJson().put("short_code", shortCode));
    }

    /**
     * Other methods on these paths. PAYOUT has a mapping of its own: in one with the literal paths it would match
     * {@code /payouts/reset} twice and so outrank the POST mapping of that path (Spring prefers more matching
     * patterns).
     */
    @RequestMapping({PAYOUTS, SCENARIO, RESET, FLOAT})
    public ResponseEntity<String> wrongMethod() {
        throw DarajaErrors.methodNotAllowed();
    }

    @RequestMapping(PAYOUT)
    public ResponseEntity<String> wrongMethodOnPayout() {
        throw DarajaErrors.methodNotAllowed();
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(DarajaException.class)
    public ResponseEntity<String> darajaError(DarajaException e) {
        return DarajaErrors.render(e);
    }

    /** A JSON number in KES with at most two decimals; the fallback when absent; null when unusable. */
    private static BigDecimal amount(JsonNode node, BigDecimal fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || node.decimalValue().stripTrailingZeros().scale() > 2) {
            return null;
        }
        return node.decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return SimulatorJson.response(status, SimulatorJson.object().put("error", message));
    }
}
