package ke.onpoint.simulator.daraja;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Remote control of the account APIs ({@code /sim/daraja/__sim/...}): inject customer payments, redeliver
 * confirmations, switch production mode and the results mode, read transactions. Faults never apply here.
 * A bad payment body is answered as Daraja would answer simulate (400.002.02); other errors are {@code {"error":…}}.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH + DarajaApiController.CONTROL_PATH)
@ConditionalOnDarajaSimulator
public class DarajaAccountControlController {

    static final String PAY = "/c2b/pay";
    static final String REDELIVER = "/c2b/confirmations/{transId}/redeliver";
    static final String PRODUCTION_MODE = "/c2b/production-mode";
    static final String C2B_TRANSACTION = "/c2b/transactions/{transId}";
    static final String REGISTRATIONS = "/c2b/registrations";
    static final String RESULTS_MODE = "/results/mode";
    static final String REVERSAL_ANSWER = "/reversal/answer";
    static final String STATS = "/accounts/stats";
    static final String RESET = "/accounts/reset";
    /** Delay of {@code "mode":"late"} when the request does not say. */
    static final long DEFAULT_LATE_MS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(DarajaAccountControlController.class);

    private final C2bSimulator c2b;
    private final AccountResultsSimulator results;
    private final DarajaAccountStats stats;

    public DarajaAccountControlController(C2bSimulator c2b, AccountResultsSimulator results, DarajaAccountStats stats) {
        this.c2b = c2b;
        this.results = results;
        this.stats = stats;
    }

    /** Same body as C2B simulate; works in production mode too (a customer paying from their phone). */
    @PostMapping(PAY)
    public ResponseEntity<String> pay(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        if (json == null) {
            return error(HttpStatus.BAD_REQUEST, "body must be a JSON object like C2B simulate's");
        }
        stats.c2bPayment();
        C2bTransaction transaction = c2b.pay(AccountRequests.payment(json), null);
        return SimulatorJson.ok(transaction.toJson());
    }

    @PostMapping(REDELIVER)
    public ResponseEntity<String> redeliver(@PathVariable String transId) {
        return switch (c2b.redeliver(transId)) {
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "unknown TransID " + transId);
            case NOT_CONFIRMED ->
                error(
                        HttpStatus.CONFLICT,
                        "TransID " + transId
                                + " has no confirmation to redeliver (not completed, or no URLs registered)");
            case SENT ->
                SimulatorJson.ok(c2b.find(transId).orElseThrow().toJson().put("redelivered", true));
        };
    }

    /** Body {@code {"enabled":true}}. */
    @PostMapping(PRODUCTION_MODE)
    public ResponseEntity<String> setProductionMode(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        if (json == null || !json.path("enabled").isBoolean()) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"enabled\":true|false}");
        }
        c2b.productionMode(json.get("enabled").booleanValue());
        return getProductionMode();
    }

    @GetMapping(PRODUCTION_MODE)
    public ResponseEntity<String> getProductionMode() {
        return SimulatorJson.ok(SimulatorJson.object().put("enabled", c2b.productionMode()));
    }

    @GetMapping(C2B_TRANSACTION)
    public ResponseEntity<String> transaction(@PathVariable String transId) {
        return c2b.find(transId)
                .map(transaction -> SimulatorJson.ok(transaction.toJson()))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "unknown TransID " + transId));
    }

    @GetMapping(REGISTRATIONS)
    public ResponseEntity<String> registrations() {
        List<C2bSimulator.Registered> registered = c2b.registrations();
        ObjectNode json = SimulatorJson.object().put("count", registered.size());
        ArrayNode list = json.putArray("registrations");
        registered.forEach(r -> list.add(r.toJson()));
        return SimulatorJson.ok(json);
    }

    /** Body {@code {"mode":"normal"|"timeout"|"late","delay_ms":n}}. */
    @PostMapping(RESULTS_MODE)
    public ResponseEntity<String> setResultsMode(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        if (json == null || !json.path("mode").isTextual()) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"mode\":\"normal|timeout|late\",\"delay_ms\":N}");
        }
        AccountResultsSimulator.Mode mode;
        try {
            mode = AccountResultsSimulator.Mode.parse(json.get("mode").textValue());
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "mode must be normal, timeout or late");
        }
        JsonNode delayNode = json.get("delay_ms");
        long delay = mode == AccountResultsSimulator.Mode.LATE ? DEFAULT_LATE_MS : 0;
        if (delayNode != null && !delayNode.isNull()) {
            if (!delayNode.canConvertToLong() || !delayNode.isIntegralNumber() || delayNode.longValue() < 0) {
                return error(HttpStatus.BAD_REQUEST, "delay_ms must be a non-negative integer");
            }
            delay = delayNode.longValue();
        }
        results.mode(new AccountResultsSimulator.ModeSettings(
                mode, mode == AccountResultsSimulator.Mode.NORMAL ? 0 : delay));
        return getResultsMode();
    }

    @GetMapping(RESULTS_MODE)
    public ResponseEntity<String> getResultsMode() {
        return SimulatorJson.ok(results.mode().toJson());
    }

    /** Body {@code {"mode":"normal"|"html_404"}}: html_404 puts a broken proxy (nginx's 404 page) before Reversal. */
    @PostMapping(REVERSAL_ANSWER)
    public ResponseEntity<String> setReversalAnswer(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        String mode = json == null ? null : json.path("mode").asText(null);
        if (!"normal".equals(mode) && !"html_404".equals(mode)) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"mode\":\"normal|html_404\"}");
        }
        results.reversalBehindBrokenProxy("html_404".equals(mode));
        return getReversalAnswer();
    }

    @GetMapping(REVERSAL_ANSWER)
    public ResponseEntity<String> getReversalAnswer() {
        return SimulatorJson.ok(
                SimulatorJson.object().put("mode", results.reversalBehindBrokenProxy() ? "html_404" : "normal"));
    }

    @GetMapping(STATS)
    public ResponseEntity<String> stats() {
        return SimulatorJson.ok(stats.toJson());
    }

    /** Production mode back to its configured value, results mode normal, counters zeroed; data stays. */
    @PostMapping(RESET)
    public ResponseEntity<String> reset() {
        c2b.reset();
        results.reset();
        stats.reset();
        ObjectNode json = SimulatorJson.object().put("reset", true).put("production_mode", c2b.productionMode());
        json.set("results_mode", results.mode().toJson());
        json.set("stats", stats.toJson());
        return SimulatorJson.ok(json);
    }

    @RequestMapping({
        PAY,
        REDELIVER,
        PRODUCTION_MODE,
        C2B_TRANSACTION,
        REGISTRATIONS,
        RESULTS_MODE,
        REVERSAL_ANSWER,
        STATS,
        RESET
    })
    public ResponseEntity<String> wrongMethod() {
        throw DarajaErrors.methodNotAllowed();
    }

    @ExceptionHandler(DarajaException.class)
    public ResponseEntity<String> darajaError(DarajaException e) {
        return DarajaErrors.render(e);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> unexpected(Exception e) {
        log.warn("Daraja simulator control failed unexpectedly", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName());
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return SimulatorJson.response(status, SimulatorJson.object().put("error", message));
    }
}
