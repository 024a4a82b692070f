package ke.onpoint.pay.dashboard;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentQueries;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentView;
import ke.onpoint.pay.report.TransactionExport;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The payments list: the API's filters (status, method, East Africa dates) and its search (a reference, an M-Pesa
 * receipt, a phone or its last four digits), newest first with the API's cursor, and the report's CSV export of the
 * same filters.
 */
@Controller
class PaymentsController implements DashboardPage {

    static final int PAGE = 25;
    /** What the list passes on to {@link PaymentQueries#list}: nothing else from the address reaches it. */
    static final List<String> FILTERS = List.of("search", "status", "payment_method", "date_from", "date_to", "limit");

    private final Viewers viewers;
    private final PaymentQueries payments;
    private final TransactionExport export;

    PaymentsController(Viewers viewers, PaymentQueries payments, TransactionExport export) {
        this.viewers = viewers;
        this.payments = payments;
        this.export = export;
    }

    @Override
    public NavLink nav() {
        return new NavLink(20, "/dashboard/payments", "Payments", Permissions.PAYMENTS_READ);
    }

    @GetMapping("/dashboard/payments")
    String list(
            @RequestParam Map<String, String> params,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        MerchantPrincipal merchant = viewers.current(request).require(Permissions.PAYMENTS_READ);
        Map<String, String> filters = filters(params);
        Map<String, Object> query = new HashMap<>(filters);
        query.putIfAbsent("limit", Integer.toString(PAGE));
        String cursor = params.get("cursor");
        if (cursor != null && !cursor.isBlank()) {
            query.put("cursor", cursor);
        }
        List<PaymentView> found = List.of();
        try {
            PaymentQueries.Page page = payments.list(merchant, query);
            found = page.data();
            if (page.hasMore()) {
                model.addAttribute("nextUrl", url("/dashboard/payments", filters, page.nextCursor()));
            }
        } catch (ApiProblem problem) {
            // the form stays, with what was wrong named above it
            response.setStatus(problem.status());
            model.addAttribute("problem", problem);
        }
        model.addAttribute("payments", found);
        model.addAttribute("filters", filters);
        model.addAttribute("filtered", filters.keySet().stream().anyMatch(name -> !name.equals("limit")));
        model.addAttribute("paged", query.containsKey("cursor"));
        model.addAttribute("firstUrl", url("/dashboard/payments", filters, null));
        Map<String, String> exportFilters = new LinkedHashMap<>(filters);
        exportFilters.remove("search");
        exportFilters.remove("limit");
        model.addAttribute("exportUrl", url("/dashboard/payments/export.csv", exportFilters, null));
        model.addAttribute(
                "statuses",
                Arrays.stream(PaymentStatus.values()).map(PaymentStatus::code).toList());
        model.addAttribute("methods", PaymentMethod.supportedCodes());
        return "dashboard/payments";
    }

    /** The report's CSV (as {@code GET /reports/transactions?format=csv}): the dates default to the last 30 days. */
    @GetMapping("/dashboard/payments/export.csv")
    void download(@RequestParam Map<String, String> params, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        MerchantPrincipal merchant = viewers.current(request).require(Permissions.PAYMENTS_READ);
        Map<String, Object> given = new HashMap<>(filters(params));
        given.remove("search");
        given.remove("limit");
        export.write(response, merchant, export.select(new QueryParameters(given)));
    }

    private static Map<String, String> filters(Map<String, String> params) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String value = params.get(name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value.trim());
            }
        }
        return filters;
    }

    private static String url(String path, Map<String, String> filters, String cursor) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath(path);
        filters.forEach(url::queryParam);
        if (cursor != null) {
            url.queryParam("cursor", cursor);
        }
        return url.encode().build().toUriString();
    }
}
