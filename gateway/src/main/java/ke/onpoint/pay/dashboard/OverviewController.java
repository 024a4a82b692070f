package ke.onpoint.pay.dashboard;

import java.time.LocalDate;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.report.PaymentSummaries;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The overview: today and the last 30 days (the reports API's summary), the recent payments. */
@Controller
class OverviewController implements DashboardPage {

    private final Viewers viewers;
    private final PaymentSummaries summaries;

    OverviewController(Viewers viewers, PaymentSummaries summaries) {
        this.viewers = viewers;
        this.summaries = summaries;
    }

    @Override
    public NavLink nav() {
        return new NavLink(10, "/dashboard", "Overview", Permissions.PAYMENTS_READ);
    }

    @GetMapping({"/dashboard", "/dashboard/"})
    String overview(HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        if (viewer.admin()) {
            return "redirect:/dashboard/console";
        }
        MerchantPrincipal merchant = viewer.require(Permissions.PAYMENTS_READ);
        LocalDate today = LocalDate.now(EastAfricaTime.ZONE);
        model.addAttribute("today", summaries.summarise(merchant, new DateRange(today, today)));
        model.addAttribute("month", summaries.summarise(merchant, new DateRange(today.minusDays(29), today)));
        return "dashboard/overview";
    }
}
