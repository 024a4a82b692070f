package ke.onpoint.pay.dashboard.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.refund.RefundReviews;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Refunds held for review (the provider never confirmed receiving them; their amount stays reserved): an admin checks
 * the provider's records and records the verdict with a note, through {@link RefundReviews} as the admin API does.
 */
@Controller
class RefundsConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/refunds";
    private static final String TEMPLATE = "dashboard/console/refunds";

    private final ConsoleAccess access;
    private final RefundReviews reviews;

    RefundsConsoleController(ConsoleAccess access, RefundReviews reviews) {
        this.access = access;
        this.reviews = reviews;
    }

    @Override
    public NavLink nav() {
        return new NavLink(125, PATH, "Refunds", NavLink.ADMIN_ONLY);
    }

    @GetMapping(PATH)
    String list(
            @RequestParam(name = "cursor", required = false) String cursor, HttpServletRequest request, Model model) {
        access.admin(request);
        return show(cursor == null || cursor.isBlank() ? null : cursor, model);
    }

    @PostMapping(PATH + "/{reference}/resolve")
    String resolve(
            @PathVariable String reference,
            @RequestParam(name = "outcome", required = false) String outcome,
            @RequestParam(name = "note", required = false) String note,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        try {
            var body = FormBodies.object();
            body.put("outcome", FormBodies.text("outcome", outcome));
            body.put("note", FormBodies.text("note", note));
            var decided = reviews.resolve(admin, reference, body);
            redirect.addFlashAttribute(
                    "notice",
                    "Refund " + reference + " recorded as " + decided.get("status") + "; the merchant is told");
            return "redirect:" + PATH;
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            model.addAttribute("typedFor", reference);
            model.addAttribute("typedNote", note == null ? "" : note);
            return show(null, model);
        }
    }

    private String show(String cursor, Model model) {
        model.addAttribute("page", reviews.page(null, cursor));
        model.addAttribute("firstPage", cursor != null);
        return TEMPLATE;
    }
}
