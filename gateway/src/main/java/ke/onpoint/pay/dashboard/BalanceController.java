package ke.onpoint.pay.dashboard;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.CsvDownloads;
import ke.onpoint.pay.balance.Balances;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import ke.onpoint.pay.settlement.PayoutDestinations;
import ke.onpoint.pay.settlement.SettlementStatements;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The merchant's money in the session's mode, as the balance and settlement APIs answer it ({@link Balances},
 * {@link SettlementStatements}): the balance from the ledger, the settlements with their payouts, a settlement's
 * lines, and its CSV (the API's own download). Every role that reads payments sees it.
 */
@Controller
class BalanceController implements DashboardPage {

    private final Viewers viewers;
    private final Balances balances;
    private final SettlementStatements statements;
    private final PayoutDestinations destinations;

    BalanceController(
            Viewers viewers, Balances balances, SettlementStatements statements, PayoutDestinations destinations) {
        this.viewers = viewers;
        this.balances = balances;
        this.statements = statements;
        this.destinations = destinations;
    }

    @Override
    public NavLink nav() {
        return new NavLink(30, "/dashboard/balance", "Balance", Permissions.PAYMENTS_READ);
    }

    @GetMapping("/dashboard/balance")
    String balance(HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal merchant = viewer.require(Permissions.PAYMENTS_READ);
        model.addAttribute("balance", balances.balance(merchant));
        model.addAttribute("settlements", statements.list(merchant, PageViews.query(request, "status", "cursor")));
        model.addAttribute("status", request.getParameter("status"));
        model.addAttribute("firstPage", request.getParameter("cursor") == null);
        if (viewer.can(Permissions.ACCOUNT_READ)) {
            try {
                model.addAttribute("destination", destinations.view(merchant.merchantId()));
            } catch (ApiProblem none) {
                // no destination chosen yet: the page says so
            }
        }
        return "dashboard/balance";
    }

    @GetMapping("/dashboard/balance/settlements/{reference}")
    String settlement(@PathVariable("reference") String reference, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal merchant = viewer.require(Permissions.PAYMENTS_READ);
        model.addAttribute("statement", statements.get(merchant, reference, PageViews.query(request, "cursor")));
        model.addAttribute("firstPage", request.getParameter("cursor") == null);
        return "dashboard/settlement";
    }

    /** The settlement's lines and totals as the API's {@code format=csv} writes them, streamed. */
    @GetMapping("/dashboard/balance/settlements/{reference}/csv")
    void csv(@PathVariable("reference") String reference, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Viewer viewer = viewers.current(request);
        try (CsvDownloads.Download download = statements.csv(viewer.require(Permissions.PAYMENTS_READ), reference)) {
            response.setContentType(download.contentType());
            response.setHeader("Content-Disposition", download.contentDisposition());
            download.body().transferTo(response.getOutputStream());
        }
    }
}
