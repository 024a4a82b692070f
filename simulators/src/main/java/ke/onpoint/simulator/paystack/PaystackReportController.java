package ke.onpoint.simulator.paystack;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paystack's reconciliation feeds (§2.8) under {@code /sim/paystack}: {@code GET /transaction} (filters from/to on
 * the transaction's date, status, settlement; offset paging with {@code meta{total,total_volume,skipped,perPage,
 * page,pageCount}}, or {@code use_cursor=true} with {@code next}/{@code previous} and {@code meta{next,previous,
 * perPage}}), {@code GET /settlement} and {@code GET /settlement/{id}/transactions}.
 */
@RestController("paystackSimReportController")
@RequestMapping(PaystackApiController.BASE_PATH)
@ConditionalOnPaystackSimulator
public class PaystackReportController {

    private final PaystackKeyGuard keyGuard;
    private final PaystackReports reports;
    private final Clock clock = Clock.systemUTC();

    public PaystackReportController(PaystackKeyGuard keyGuard, PaystackReports reports) {
        this.keyGuard = keyGuard;
        this.reports = reports;
    }

    @GetMapping("/transaction")
    public ResponseEntity<String> transactions(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam Map<String, String> query) {
        keyGuard.check(authorization);
        PaystackListing.Window window = PaystackListing.window(query);
        String status = query.get("status");
        List<PaystackTransaction> inSettlement = settlementFilter(query.get("settlement"));
        List<PaystackTransaction> found = reports.listed().stream()
                .filter(t -> window.contains(t.createdAt()))
                .filter(t -> status == null || status.equals(reports.status(t)))
                .filter(t -> inSettlement == null || inSettlement.contains(t))
                .toList();
        PaystackListing.Paging paging = PaystackListing.paging(query);
        if ("true".equalsIgnoreCase(query.get("use_cursor"))) {
            return SimulatorJson.ok(cursorPage(found, paging.perPage(), query.get("next"), query.get("previous")));
        }
        ObjectNode body = PaystackListing.page("Transactions retrieved", found, paging, reports::render);
        ((ObjectNode) body.get("meta"))
                .put("total_volume", found.stream().mapToLong(reports::amount).sum());
        return SimulatorJson.ok(body);
    }

    @GetMapping("/settlement")
    public ResponseEntity<String> settlements(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam Map<String, String> query) {
        keyGuard.check(authorization);
        PaystackListing.Window window = PaystackListing.window(query);
        Instant now = clock.instant();
        String status = query.get("status");
        List<ObjectNode> found = reports.settlements().stream()
                .filter(s -> window.contains(
                                s.day().atStartOfDay(PaystackReports.EAT).toInstant())
                        || window.contains(s.day()
                                .plusDays(1)
                                .atStartOfDay(java.time.ZoneOffset.UTC)
                                .toInstant()))
                .map(s -> reports.settlementJson(s, now))
                .filter(json ->
                        status == null || status.equals(json.get("status").asText()))
                .toList();
        return SimulatorJson.ok(
                PaystackListing.page("Settlements retrieved", found, PaystackListing.paging(query), json -> json));
    }

    @GetMapping("/settlement/{id}/transactions")
    public ResponseEntity<String> settlementTransactions(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String id,
            @RequestParam Map<String, String> query) {
        keyGuard.check(authorization);
        List<PaystackTransaction> transactions = settlementFilter(id);
        if (transactions == null) {
            throw PaystackApiException.notFound("Settlement not found");
        }
        PaystackListing.Window window = PaystackListing.window(query);
        List<PaystackTransaction> found = transactions.stream()
                .filter(t -> window.contains(t.createdAt()))
                .toList();
        ObjectNode body = PaystackListing.page(
                "Settlement transactions retrieved", found, PaystackListing.paging(query), reports::render);
        ((ObjectNode) body.get("meta"))
                .put("total_volume", found.stream().mapToLong(reports::amount).sum());
        return SimulatorJson.ok(body);
    }

    /** The transactions of a settlement id; null when the parameter is absent; 404 when no such settlement. */
    private List<PaystackTransaction> settlementFilter(String id) {
        if (id == null) {
            return null;
        }
        if (!id.matches("[0-9]{1,15}")) {
            throw PaystackApiException.notFound("Settlement not found");
        }
        return reports.settlement(Long.parseLong(id))
                .map(PaystackReports.Settlement::transactions)
                .orElseThrow(() -> PaystackApiException.notFound("Settlement not found"));
    }

    /**
     * Cursor paging as Paystack's doc sample shows it: a cursor is base64 of {@code undefined:<transaction id>};
     * {@code next} continues after that transaction (older ones), {@code previous} goes back before it.
     */
    private ObjectNode cursorPage(List<PaystackTransaction> all, int perPage, String next, String previous) {
        int from = 0;
        int to;
        if (next != null) {
            from = indexOf(all, next) + 1;
            to = Math.min(all.size(), from + perPage);
        } else if (previous != null) {
            to = indexOf(all, previous);
            from = Math.max(0, to - perPage);
        } else {
            to = Math.min(all.size(), perPage);
        }
        List<PaystackTransaction> page = new ArrayList<>(all.subList(from, Math.max(from, to)));
        ObjectNode body = SimulatorJson.object().put("status", true).put("message", "Transactions retrieved");
        ArrayNode data = body.putArray("data");
        page.forEach(t -> data.add(reports.render(t)));
        ObjectNode meta = body.putObject("meta");
        meta.put("next", !page.isEmpty() && to < all.size() ? cursor(page.get(page.size() - 1)) : null);
        meta.put("previous", !page.isEmpty() && from > 0 ? cursor(page.get(0)) : null);
        meta.put("perPage", perPage);
        return body;
    }

    private static String cursor(PaystackTransaction transaction) {
        return Base64.getEncoder().encodeToString(("undefined:" + transaction.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(List<PaystackTransaction> all, String cursor) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw PaystackApiException.badRequest("Invalid cursor");
        }
        String id = decoded.substring(decoded.indexOf(':') + 1);
        for (int i = 0; i < all.size(); i++) {
            if (Long.toString(all.get(i).id()).equals(id)) {
                return i;
            }
        }
        throw PaystackApiException.badRequest("Invalid cursor");
    }
}
