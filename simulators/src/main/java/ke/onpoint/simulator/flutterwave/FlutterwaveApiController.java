package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Flutterwave v3's own endpoints, at their real paths under {@code /sim/flutterwave}, so the gateway's Flutterwave
 * client runs unchanged against the simulator (only its base URL differs). Every failure is Flutterwave's
 * {@code {"status":"error","message":…,"data":null}} envelope; every call needs {@code Authorization: Bearer
 * <secret key>}.
 */
@RestController
@RequestMapping(FlutterwaveApiController.BASE_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveApiController {

    public static final String BASE_PATH = "/sim/flutterwave";
    static final String CONTROL_PATH = "/__sim";

    /** Paths that exist under the base (any method), to tell a wrong method (405) from a wrong path (404). */
    private static final List<PathPattern> KNOWN_PATHS = parse(
            "/v3/payments",
            "/v3/transactions",
            "/v3/transactions/{id}/verify",
            "/v3/transactions/verify_by_reference",
            "/v3/transactions/{id}/refund");

    private final FlutterwaveFaults faults;
    private final FlutterwaveStats stats;
    private final FlutterwaveTransactions simulator;
    private final FlutterwaveKeyGuard keyGuard;

    public FlutterwaveApiController(
            FlutterwaveFaults faults,
            FlutterwaveStats stats,
            FlutterwaveTransactions simulator,
            FlutterwaveKeyGuard keyGuard) {
        this.faults = faults;
        this.stats = stats;
        this.simulator = simulator;
        this.keyGuard = keyGuard;
    }

    /** Flutterwave Standard: stores a pending payment and answers the hosted checkout link. */
    @PostMapping("/v3/payments")
    public ResponseEntity<String> initialize(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body,
            HttpServletRequest servletRequest) {
        stats.paymentRequest();
        faults.apply();
        requireSecretKey(authorization);
        FlutterwavePaymentRequest request = FlutterwavePaymentRequest.parse(jsonBody(body));
        FlutterwaveTransaction transaction = simulator.initialize(request, servletRequest.getRemoteAddr());
        return FlutterwaveJson.success(
                "Hosted Link", SimulatorJson.object().put("link", simulator.checkoutLink(transaction)));
    }

    @GetMapping("/v3/transactions/{id}/verify")
    public ResponseEntity<String> verify(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String id) {
        stats.verifyRequest();
        faults.apply();
        requireSecretKey(authorization);
        return verified(transactionById(id));
    }

    @GetMapping("/v3/transactions/verify_by_reference")
    public ResponseEntity<String> verifyByReference(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(value = "tx_ref", required = false) String txRef) {
        stats.verifyRequest();
        faults.apply();
        requireSecretKey(authorization);
        return verified(simulator.findByTxRef(txRef).orElseThrow(FlutterwaveApiException::noTransaction));
    }

    /** Body {@code {"amount": 50.5}} in major units, optional: without it the whole rest is refunded. */
    @PostMapping("/v3/transactions/{id}/refund")
    public ResponseEntity<String> refund(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String id,
            @RequestBody(required = false) byte[] body) {
        stats.refundRequest();
        faults.apply();
        requireSecretKey(authorization);
        ObjectNode json = jsonBody(body);
        FlutterwaveTransaction transaction = transactionById(id);
        BigDecimal amount = null;
        JsonNode amountNode = json.get("amount");
        if (amountNode != null && !amountNode.isNull()) {
            amount = FlutterwaveJson.amount(amountNode);
            if (amount == null || amount.signum() <= 0) {
                throw FlutterwaveApiException.badRequest("Invalid amount");
            }
        }
        FlutterwaveTransaction.Refund refund = simulator.refund(transaction, amount);
        return FlutterwaveJson.success("Transaction refund initiated", transaction.refundJson(refund));
    }

    /** Anything else under the base: a 404 for unknown paths, 405 for a known path with the wrong method. */
    @RequestMapping("/**")
    public ResponseEntity<String> fallback(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String relative = path.length() > BASE_PATH.length() ? path.substring(BASE_PATH.length()) : "/";
        if (!relative.startsWith(CONTROL_PATH + "/")) {
            faults.apply(); // a Flutterwave that is down answers 503 whatever the path
        }
        PathContainer container = PathContainer.parsePath(relative);
        boolean known = KNOWN_PATHS.stream().anyMatch(pattern -> pattern.matches(container));
        throw known
                ? new FlutterwaveApiException(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed")
                : new FlutterwaveApiException(HttpStatus.NOT_FOUND, "Route not found");
    }

    private ResponseEntity<String> verified(FlutterwaveTransaction transaction) {
        return FlutterwaveJson.success("Transaction fetched successfully", transaction.verifyData());
    }

    private FlutterwaveTransaction transactionById(String id) {
        long number;
        try {
            number = Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw FlutterwaveApiException.noTransaction();
        }
        return simulator.findById(number).orElseThrow(FlutterwaveApiException::noTransaction);
    }

    private void requireSecretKey(String authorization) {
        keyGuard.check(authorization);
    }

    /** A JSON object, or an empty one for an empty body; anything else is a 400. */
    private static ObjectNode jsonBody(byte[] body) {
        ObjectNode json = SimulatorJson.parseObjectOrEmpty(body);
        if (json == null) {
            throw FlutterwaveApiException.badRequest("Invalid request payload: a JSON object is required");
        }
        return json;
    }

    private static List<PathPattern> parse(String... patterns) {
        PathPatternParser parser = new PathPatternParser();
        return Arrays.stream(patterns).map(parser::parse).toList();
    }
}
