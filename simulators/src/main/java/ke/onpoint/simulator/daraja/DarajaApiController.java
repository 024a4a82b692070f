package ke.onpoint.simulator.daraja;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Safaricom Daraja's own endpoints, at their real paths under {@code /sim/daraja}, so the gateway's Daraja client
 * runs unchanged against the simulator (only its base URL differs). Every failure is Daraja's error envelope.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH)
@ConditionalOnDarajaSimulator
public class DarajaApiController extends DarajaEndpoints {

    public static final String BASE_PATH = "/sim/daraja";
    static final String CONTROL_PATH = "/__sim";

    /** Paths that exist under the base (any method), to tell a wrong method (405) from a wrong path (404). */
    private static final List<PathPattern> KNOWN_PATHS = parse(
            "/oauth/v1/generate",
            "/mpesa/stkpush/v1/processrequest",
            "/mpesa/stkpushquery/v1/query",
            CONTROL_PATH + "/stk/{id}/resolve",
            CONTROL_PATH + "/stk/{id}/callback",
            CONTROL_PATH + "/stk/{id}/query-answer",
            CONTROL_PATH + "/stk-query/faults",
            CONTROL_PATH + "/faults",
            CONTROL_PATH + "/oauth/expire-tokens",
            CONTROL_PATH + "/stats",
            CONTROL_PATH + "/callbacks",
            CONTROL_PATH + "/transactions/{id}",
            CONTROL_PATH + "/reset");

    private final DarajaShortcodes shortcodes;
    private final DarajaFaults faults;
    private final DarajaStkQueryFaults queryFaults;
    private final DarajaStats stats;
    private final DarajaStkTransactions simulator;

    public DarajaApiController(
            DarajaShortcodes shortcodes,
            DarajaTokens tokens,
            DarajaFaults faults,
            DarajaStkQueryFaults queryFaults,
            DarajaStats stats,
            DarajaStkTransactions simulator) {
        super(tokens);
        this.queryFaults = queryFaults;
        this.shortcodes = shortcodes;
        this.faults = faults;
        this.stats = stats;
        this.simulator = simulator;
    }

    @GetMapping("/oauth/v1/generate")
    public ResponseEntity<String> generateToken(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(value = "grant_type", required = false) String grantType) {
        stats.tokenRequest();
        faults.apply();
        if (!tokens.acceptsBasic(authorization)) {
            throw DarajaErrors.invalidAuthentication();
        }
        if (!"client_credentials".equals(grantType)) {
            throw DarajaErrors.invalidGrantType();
        }
        // expires_in as a string: real Daraja has sent both forms and clients must cope with this one too.
        return SimulatorJson.ok(SimulatorJson.object()
                .put("access_token", tokens.issue())
                .put("expires_in", Long.toString(tokens.expiresInSeconds())));
    }

    @PostMapping("/mpesa/stkpush/v1/processrequest")
    public ResponseEntity<String> stkPush(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.stkPush();
        faults.apply();
        requireToken(authorization);
        StkRequestValidator.Push request = StkRequestValidator.push(
                AccountRequests.jsonBody(contentType, body), shortcodes::passkey, Instant.now());
        StkScenario scenario = StkScenario.forPhone(request.phoneNumber());
        if (scenario.rejectsSynchronously()) {
            throw scenario.syncError();
        }
        DarajaStkTransaction transaction = simulator.accept(request, scenario);
        String accepted = "Success. Request accepted for processing";
        return SimulatorJson.ok(SimulatorJson.object()
                .put("MerchantRequestID", transaction.merchantRequestId())
                .put("CheckoutRequestID", transaction.checkoutRequestId())
                .put("ResponseCode", "0")
                .put("ResponseDescription", accepted)
                .put("CustomerMessage", accepted));
    }

    @PostMapping("/mpesa/stkpushquery/v1/query")
    public ResponseEntity<String> stkQuery(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.stkQuery();
        faults.apply();
        queryFaults.apply();
        requireToken(authorization);
        StkRequestValidator.Query query = StkRequestValidator.query(
                AccountRequests.jsonBody(contentType, body), shortcodes::passkey, Instant.now());
        DarajaStkTransaction transaction = simulator
                .find(query.checkoutRequestId())
                .orElseThrow(() -> DarajaErrors.invalidField("CheckoutRequestID"));
        DarajaStkTransaction.Outcome outcome = transaction.outcome();
        if (outcome == null) {
            throw DarajaErrors.beingProcessed(transaction.checkoutRequestId());
        }
        // Unlike the callback, STK Query carries ResultCode as a string; "successsfully" is Safaricom's spelling.
        return SimulatorJson.ok(transaction.queryAnswer(SimulatorJson.object()
                .put("ResponseCode", "0")
                .put("ResponseDescription", "The service request has been accepted successsfully")
                .put("MerchantRequestID", transaction.merchantRequestId())
                .put("CheckoutRequestID", transaction.checkoutRequestId())
                .put("ResultCode", Integer.toString(outcome.resultCode()))
                .put("ResultDesc", outcome.resultDesc())));
    }

    /** Anything else under the base: Daraja's 404 for unknown paths, 405 for a known path with the wrong method. */
    @RequestMapping("/**")
    public ResponseEntity<String> fallback(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String relative = path.length() > BASE_PATH.length() ? path.substring(BASE_PATH.length()) : "/";
        if (!relative.startsWith(CONTROL_PATH + "/")) {
            faults.apply(); // a Daraja that is down answers 503 whatever the path
        }
        PathContainer container = PathContainer.parsePath(relative);
        boolean known = KNOWN_PATHS.stream().anyMatch(pattern -> pattern.matches(container));
        throw known ? DarajaErrors.methodNotAllowed() : DarajaErrors.resourceNotFound();
    }

    private static List<PathPattern> parse(String... patterns) {
        PathPatternParser parser = new PathPatternParser();
        return Arrays.stream(patterns).map(parser::parse).toList();
    }
}
