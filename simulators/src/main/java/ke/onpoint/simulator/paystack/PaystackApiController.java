package ke.onpoint.simulator.paystack;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paystack's own endpoints, at their real paths under {@code /sim/paystack}, so the gateway's Paystack client runs
 * unchanged against the simulator (only its base URL differs). Every call needs {@code Authorization: Bearer
 * <secret key>}; every answer is Paystack's {@code {"status","message","data"}} envelope; amounts are subunits.
 */
@RestController("paystackSimApiController")
@RequestMapping(PaystackApiController.BASE_PATH)
@ConditionalOnPaystackSimulator
public class PaystackApiController {

    public static final String BASE_PATH = "/sim/paystack";
    static final String CONTROL_PATH = "/__sim";

    private final PaystackSimulatorProperties properties;
    private final PaystackFaults faults;
    private final PaystackStats stats;
    private final PaystackTransactions ledger;
    private final PaystackKeyGuard keyGuard;

    public PaystackApiController(
            PaystackSimulatorProperties properties,
            PaystackFaults faults,
            PaystackStats stats,
            PaystackTransactions ledger,
            PaystackKeyGuard keyGuard) {
        this.properties = properties;
        this.faults = faults;
        this.stats = stats;
        this.ledger = ledger;
        this.keyGuard = keyGuard;
    }

    @PostMapping("/transaction/initialize")
    public ResponseEntity<String> initialize(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body,
            HttpServletRequest request) {
        stats.initialize();
        guard(authorization);
        PaystackRequests.Initialize initialize = PaystackRequests.initialize(PaystackRequests.body(body));
        PaystackTransaction transaction = ledger.initialize(initialize, request.getRemoteAddr());
        ObjectNode data = SimulatorJson.object()
                .put(
                        "authorization_url",
                        properties.checkoutBaseUrl() + CONTROL_PATH + "/checkout/" + transaction.accessCode())
                .put("access_code", transaction.accessCode())
                .put("reference", transaction.reference());
        return SimulatorJson.ok(PaystackJson.envelope("Authorization URL created", data));
    }

    @GetMapping("/transaction/verify/{reference}")
    public ResponseEntity<String> verify(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String reference) {
        stats.verify();
        guard(authorization);
        PaystackTransaction transaction = ledger.find(reference)
                .orElseThrow(() -> PaystackApiException.badRequest("Transaction reference not found"));
        return SimulatorJson.ok(PaystackJson.envelope("Verification successful", transaction.toJson()));
    }

    @PostMapping("/charge")
    public ResponseEntity<String> charge(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body,
            HttpServletRequest request) {
        stats.charge();
        guard(authorization);
        PaystackRequests.Charge charge = PaystackRequests.charge(PaystackRequests.body(body));
        PaystackTransaction transaction = ledger.charge(charge, request.getRemoteAddr());
        ObjectNode data = SimulatorJson.object()
                .put("reference", transaction.reference())
                .put("status", "pay_offline")
                .put("display_text", "Please complete authorization process on your mobile phone");
        return SimulatorJson.ok(PaystackJson.envelope("Charge attempted", data));
    }

    @PostMapping("/refund")
    public ResponseEntity<String> refund(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        stats.refund();
        guard(authorization);
        PaystackRefund refund = ledger.refund(PaystackRequests.refund(PaystackRequests.body(body)));
        return SimulatorJson.ok(PaystackJson.envelope("Refund has been queued for processing", refund.toJson()));
    }

    @GetMapping("/refund/{id}")
    public ResponseEntity<String> fetchRefund(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String id) {
        guard(authorization);
        PaystackRefund refund = (id.matches("[0-9]{1,18}")
                        ? ledger.findRefund(Long.parseLong(id))
                        : java.util.Optional.<PaystackRefund>empty())
                .orElseThrow(() -> PaystackApiException.notFound("Refund not found"));
        return SimulatorJson.ok(PaystackJson.envelope("Refund retrieved", refund.toJson()));
    }

    /** {@code ?transaction=<reference or id>&perPage=50&page=1}, newest first. */
    @GetMapping("/refund")
    public ResponseEntity<String> listRefunds(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(value = "transaction", required = false) String transaction,
            @RequestParam(value = "perPage", defaultValue = "50") int perPage,
            @RequestParam(value = "page", defaultValue = "1") int page) {
        guard(authorization);
        int size = Math.max(1, Math.min(perPage, 1000));
        int number = Math.max(1, page);
        List<PaystackRefund> all = ledger.refunds(transaction);
        ObjectNode body = SimulatorJson.object().put("status", true).put("message", "Refunds retrieved");
        ArrayNode data = body.putArray("data");
        all.stream().skip((long) (number - 1) * size).limit(size).forEach(refund -> data.add(refund.toJson()));
        body.putObject("meta")
                .put("total", all.size())
                .put("skipped", (number - 1) * size)
                .put("perPage", Integer.toString(size))
                .put("page", number)
                .put("pageCount", Math.max(1, (all.size() + size - 1) / size))
                .put(
                        "failedRefundCount",
                        all.stream()
                                .filter(r -> PaystackRefund.FAILED.equals(r.status()))
                                .count());
        return SimulatorJson.ok(body);
    }

    /** Anything else under the base: 404 (503 first when Paystack is "down", as on every API path). */
    @RequestMapping("/**")
    public ResponseEntity<String> fallback(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String relative = path.length() > BASE_PATH.length() ? path.substring(BASE_PATH.length()) : "/";
        if (!relative.startsWith(CONTROL_PATH + "/")) {
            faults.apply();
        }
        throw PaystackApiException.notFound("Not found");
    }

    private void guard(String authorization) {
        keyGuard.check(authorization);
    }
}
