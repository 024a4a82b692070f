package ke.onpoint.pay.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.audit.AuditQueries;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The audit log: the merchant's audit trail with the API's filters (action, actor, EAT days), newest first, paged by
 * the API's cursor, and the same filter as the API's CSV download ({@code audit:read}, every role).
 */
@Controller
class AuditController implements DashboardPage {

    static final String PATH = "/dashboard/audit";

    private final Viewers viewers;
    private final AuditQueries queries;

    AuditController(Viewers viewers, AuditQueries queries) {
        this.viewers = viewers;
        this.queries = queries;
    }

    @Override
    public NavLink nav() {
        return new NavLink(90, PATH, "Audit log", Permissions.AUDIT_READ);
    }

    @GetMapping(PATH)
    String page(
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "date_from", required = false) String dateFrom,
            @RequestParam(name = "date_to", required = false) String dateTo,
            @RequestParam(name = "cursor", required = false) String cursor,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        MerchantPrincipal who = viewers.current(request).require(Permissions.AUDIT_READ);
        Map<String, String> filters = filters(action, actor, dateFrom, dateTo);
        model.addAttribute("filters", filters);
        model.addAttribute("filtered", !filters.isEmpty());
        model.addAttribute("paged", cursor != null && !cursor.isBlank());
        model.addAttribute("firstPage", link(PATH, filters, null));
        model.addAttribute("csvLink", link(PATH + "/export.csv", filters, null));
        try {
            Map<String, Object> page = queries.page(who, filter(filters, cursor));
            model.addAttribute("entries", page.get("data"));
            Object next = page.get("next_cursor");
            model.addAttribute("nextPage", next == null ? null : link(PATH, filters, next.toString()));
        } catch (ApiProblem problem) {
            // a filter the API refuses: the page with the problem's detail, the filters kept to be corrected
            response.setStatus(problem.status());
            model.addAttribute("problem", problem);
            model.addAttribute("entries", List.of());
        }
        return "dashboard/audit";
    }

    /** The API's CSV download of the filter (every page of it, as {@code format=csv} answers). */
    @GetMapping(PATH + "/export.csv")
    ResponseEntity<byte[]> csv(
            @RequestParam(name = "action", required = false) String action,
            @RequestParam(name = "actor", required = false) String actor,
            @RequestParam(name = "date_from", required = false) String dateFrom,
            @RequestParam(name = "date_to", required = false) String dateTo,
            HttpServletRequest request) {
        MerchantPrincipal who = viewers.current(request).require(Permissions.AUDIT_READ);
        String csv = queries.exportCsv(who, filter(filters(action, actor, dateFrom, dateTo), null));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(AuditQueries.CSV_FILE)
                                .build()
                                .toString())
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    /** The API's filter (a merchant sees its own trail: no merchant parameter; the API's page size). */
    private static AuditQueries.Filter filter(Map<String, String> filters, String cursor) {
        return new AuditQueries.Filter(
                filters.get("action"),
                filters.get("actor"),
                filters.get("date_from"),
                filters.get("date_to"),
                null,
                cursor,
                null);
    }

    private static Map<String, String> filters(String action, String actor, String dateFrom, String dateTo) {
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "action", action);
        put(filters, "actor", actor);
        put(filters, "date_from", dateFrom);
        put(filters, "date_to", dateTo);
        return filters;
    }

    private static void put(Map<String, String> filters, String name, String value) {
        if (value != null && !value.isBlank()) {
            filters.put(name, value.trim());
        }
    }

    private static String link(String path, Map<String, String> filters, String cursor) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
        // every reserved character encoded ('+' in an email too, which a query would read as a space)
        filters.forEach((name, value) -> link.queryParam(name, UriUtils.encode(value, StandardCharsets.UTF_8)));
        if (cursor != null) {
            link.queryParam("cursor", UriUtils.encode(cursor, StandardCharsets.UTF_8));
        }
        return link.build(true).toUriString();
    }
}
