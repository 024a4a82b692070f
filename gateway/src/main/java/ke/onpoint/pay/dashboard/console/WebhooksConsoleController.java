package ke.onpoint.pay.dashboard.console;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.webhook.FailingWebhooks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Failing webhooks: per merchant, the deliveries still retrying after a failure and those that gave up, with the
 * latest error. Replaying is the merchant's (its own dashboard and API); the operator sees who to call.
 */
@Controller
class WebhooksConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/webhooks";

    private final ConsoleAccess access;
    private final FailingWebhooks failing;

    WebhooksConsoleController(ConsoleAccess access, FailingWebhooks failing) {
        this.access = access;
        this.failing = failing;
    }

    @Override
    public NavLink nav() {
        return new NavLink(140, PATH, "Failing webhooks", NavLink.ADMIN_ONLY);
    }

    @GetMapping(PATH)
    String failing(
            @RequestParam(name = "cursor", required = false) String cursor, HttpServletRequest request, Model model) {
        access.admin(request);
        model.addAttribute("page", failing.byMerchant(null, cursor == null || cursor.isBlank() ? null : cursor));
        model.addAttribute("firstPage", cursor != null && !cursor.isBlank());
        return "dashboard/console/webhooks";
    }
}
