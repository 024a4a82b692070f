package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.ReconOverrides;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Flutterwave's transaction list (§3.1), {@code GET /v3/transactions?from=YYYY-MM-DD&to=YYYY-MM-DD&page=&status=
 * &tx_ref=&currency=}, newest first, {@value #PAGE_SIZE} to a page (the documented sample's size; no page-size
 * parameter is documented), with {@code meta.page_info{total,current_page,total_pages}}. The days are UTC days of
 * {@code created_at} (Flutterwave's zone), both inclusive. What it lists carries the planted discrepancies.
 */
@RestController
@RequestMapping(FlutterwaveApiController.BASE_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveReportController {

    static final int PAGE_SIZE = 10;

    private final FlutterwaveFaults faults;
    private final FlutterwaveKeyGuard keyGuard;
    private final FlutterwaveTransactions transactions;
    private final ReconOverrides overrides;

    public FlutterwaveReportController(
            FlutterwaveFaults faults,
            FlutterwaveKeyGuard keyGuard,
            FlutterwaveTransactions transactions,
            FlutterwaveRecon recon) {
        this.faults = faults;
        this.keyGuard = keyGuard;
        this.transactions = transactions;
        this.overrides = recon.overrides();
    }

    @GetMapping("/v3/transactions")
    public ResponseEntity<String> list(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam Map<String, String> query) {
        faults.apply();
        keyGuard.check(authorization);
        Instant from = day(query.get("from"), false);
        Instant to = day(query.get("to"), true);
        int page = page(query.get("page"));
        String status = query.get("status");
        String txRef = query.get("tx_ref");
        String currency = query.get("currency");
        List<ObjectNode> found = transactions.all().stream()
                .filter(t -> !overrides.dropped(t.txRef()))
                .filter(t -> from == null || !t.createdAt().isBefore(from))
                .filter(t -> to == null || t.createdAt().isBefore(to))
                .filter(t -> txRef == null || txRef.equals(t.txRef()))
                .filter(t -> currency == null || currency.equals(t.request().currency()))
                .sorted(Comparator.comparing(FlutterwaveTransaction::createdAt)
                        .thenComparing(FlutterwaveTransaction::id)
                        .reversed())
                .map(this::item)
                .filter(item ->
                        status == null || status.equals(item.get("status").asText()))
                .toList();
        ObjectNode body = SimulatorJson.object().put("status", "success").put("message", "Transactions fetched");
        body.putObject("meta")
                .putObject("page_info")
                .put("total", found.size())
                .put("current_page", page)
                .put("total_pages", (found.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        ArrayNode data = body.putArray("data");
        found.stream().skip((long) (page - 1) * PAGE_SIZE).limit(PAGE_SIZE).forEach(data::add);
        return FlutterwaveJson.ok(body);
    }

    private ObjectNode item(FlutterwaveTransaction transaction) {
        BigDecimal amount = overrides
                .amount(transaction.txRef())
                .orElse(transaction.request().amount());
        String status = overrides
                .status(transaction.txRef())
                .orElse(transaction.status().wireName());
        return transaction.listItem(amount, status);
    }

    /** {@code YYYY-MM-DD}: the start of that UTC day, or (for {@code to}) the start of the next. */
    private static Instant day(String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value.trim());
            return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw FlutterwaveApiException.badRequest("Invalid date format, use YYYY-MM-DD");
        }
    }

    private static int page(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int page = Integer.parseInt(value.trim());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // the 400 below
        }
        throw FlutterwaveApiException.badRequest("page must be a positive integer");
    }
}
