package ke.onpoint.pay.dashboard.console;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.merchant.KycDocuments;
import ke.onpoint.pay.ops.SystemStatus;
import ke.onpoint.pay.payment.CallbackReviews;
import ke.onpoint.pay.reconciliation.ReconciliationReports;
import ke.onpoint.pay.refund.RefundReviews;
import ke.onpoint.pay.webhook.FailingWebhooks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Where an admin lands: what waits for a person, each count leading to its queue. */
@Controller
class ConsoleHomeController {

    private final ConsoleAccess access;
    private final KycDocuments kyc;
    private final CallbackReviews callbacks;
    private final RefundReviews refunds;
    private final ReconciliationReports reconciliation;
    private final FailingWebhooks webhooks;
    private final SystemStatus status;

    ConsoleHomeController(
            ConsoleAccess access,
            KycDocuments kyc,
            CallbackReviews callbacks,
            RefundReviews refunds,
            ReconciliationReports reconciliation,
            FailingWebhooks webhooks,
            SystemStatus status) {
        this.access = access;
        this.kyc = kyc;
        this.callbacks = callbacks;
        this.refunds = refunds;
        this.reconciliation = reconciliation;
        this.webhooks = webhooks;
        this.status = status;
    }

    @GetMapping({"/dashboard/console", "/dashboard/console/"})
    String home(HttpServletRequest request, Model model) {
        access.admin(request);
        model.addAttribute("kycPending", kyc.pending());
        model.addAttribute("callbacksAwaiting", callbacks.awaiting());
        model.addAttribute("refundsHeld", refunds.awaiting());
        model.addAttribute("mismatchesOpen", reconciliation.openItems());
        model.addAttribute("merchantsFailing", webhooks.merchantsFailing());
        model.addAttribute(
                "breakersNotClosed",
                status.breakers().stream()
                        .filter(b -> !b.closed() && !"NOT_STARTED".equals(b.state()))
                        .count());
        return "dashboard/console/home";
    }
}
