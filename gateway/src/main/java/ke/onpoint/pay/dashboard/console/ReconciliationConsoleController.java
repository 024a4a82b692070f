package ke.onpoint.pay.dashboard.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.reconciliation.ReconciliationReports;
import ke.onpoint.pay.reconciliation.Reconciliations;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Reconciliation mismatches: the review items the daily runs found (amount or status differing, a record missing on
 * one side), newest first, and their resolution with a note: {@link ReconciliationReports#itemPage} and
 * {@link ReconciliationReports#resolve}, as {@code GET /admin/reconciliation/items} and
 * {@code POST /admin/reconciliation/items/{id}/resolve} (audited as {@code reconciliation.item_resolved}).
 */
@Controller
class ReconciliationConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/reconciliation";

    private final ConsoleAccess access;
    private final ReconciliationReports reports;
    private final Reconciliations reconciliations;

    ReconciliationConsoleController(
            ConsoleAccess access, ReconciliationReports reports, Reconciliations reconciliations) {
        this.access = access;
        this.reports = reports;
        this.reconciliations = reconciliations;
    }

    @Override
    public NavLink nav() {
        return new NavLink(130, PATH, "Reconciliation", NavLink.ADMIN_ONLY);
    }

    @GetMapping(PATH)
    String items(
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "provider", required = false) String provider,
            @RequestParam(name = "cursor", required = false) String cursor,
            HttpServletRequest request,
            Model model) {
        access.admin(request);
        return show(status, provider, cursor, model);
    }

    @PostMapping(PATH + "/items/{item}/resolve")
    String resolve(
            @PathVariable String item,
            @RequestParam(name = "note", required = false) String note,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        try {
            ObjectNode body = FormBodies.object();
            body.put("note", FormBodies.text("note", note));
            reports.resolve(admin, item, body);
            redirect.addFlashAttribute("notice", "Item " + item + " resolved");
            return "redirect:" + PATH;
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            model.addAttribute("failedItem", item);
            model.addAttribute("note", note == null ? "" : note);
            return show(null, null, null, model);
        }
    }

    private String show(String status, String provider, String cursor, Model model) {
        String wanted = status == null || status.isBlank() ? "open" : status;
        String only = provider == null || provider.isBlank() ? "" : provider;
        model.addAttribute("status", wanted);
        model.addAttribute("provider", only);
        model.addAttribute("providers", reconciliations.providers());
        model.addAttribute(
                "page", reports.itemPage(wanted, only, null, cursor == null || cursor.isBlank() ? null : cursor));
        model.addAttribute("firstPage", cursor != null && !cursor.isBlank());
        return "dashboard/console/reconciliation";
    }
}
