package ke.onpoint.pay.dashboard;

import java.time.LocalDate;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.payment.PaymentQueries;
import ke.onpoint.pay.report.PaymentSummaries;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview: today and the last 30 days (the reports API's summary: volume, count, success rate, by method), a
 * chart of the daily volume, and the latest payments, which htmx refreshes every few seconds.
 */
@Controller
class OverviewController implements DashboardPage {

    static final int RECENT = 10;
    static final String HOME_CURRENCY = "KES";

    private final Viewers viewers;
    private final PaymentSummaries summaries;
    private final PaymentQueries payments;

    OverviewController(Viewers viewers, PaymentSummaries summaries, PaymentQueries payments) {
        this.viewers = viewers;
        this.summaries = summaries;
        this.payments = payments;
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
        PaymentSummaries.Summary day = summaries.summarise(merchant, new DateRange(today, today));
        PaymentSummaries.Summary month = summaries.summarise(merchant, new DateRange(today.minusDays(29), today));
        model.addAttribute("today", home(day));
        model.addAttribute("month", home(month));
        model.addAttribute(
                "otherCurrencies",
                month.totals().stream()
                        .filter(f -> !f.currency().equals(HOME_CURRENCY) && f.count() > 0)
                        .toList());
        model.addAttribute("byMethod", month.byMethod());
        model.addAttribute("chart", VolumeChart.of(month.byDay(), HOME_CURRENCY));
        model.addAttribute("from", month.dateFrom());
        model.addAttribute("to", month.dateTo());
        recent(merchant, model);
        return "dashboard/overview";
    }

    /** The latest payments, for the overview's polling (hx-trigger="every 3s"). */
    @GetMapping("/dashboard/fragments/recent-payments")
    String recentPayments(HttpServletRequest request, Model model) {
        recent(viewers.current(request).require(Permissions.PAYMENTS_READ), model);
        return "dashboard/overview :: recent";
    }

    private void recent(MerchantPrincipal merchant, Model model) {
        model.addAttribute(
                "recent",
                payments.list(merchant, Map.of("limit", Integer.toString(RECENT)))
                        .data());
    }

    private static PaymentSummaries.Figures home(PaymentSummaries.Summary summary) {
        return summary.totals().stream()
                .filter(f -> f.currency().equals(HOME_CURRENCY))
                .findFirst()
                .orElseThrow();
    }
}
