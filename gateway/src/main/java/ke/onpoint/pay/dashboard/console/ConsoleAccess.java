package ke.onpoint.pay.dashboard.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.dashboard.Viewers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The operator console is the gateway's staff's only: every handler asks for the admin permission (as the admin API
 * routes do), and, in case one forgot, this interceptor refuses any {@code /dashboard/console/**} request of a
 * merchant's user before a handler runs (a 403 problem, like the API's).
 */
@Component
class ConsoleAccess implements HandlerInterceptor {

    private final Viewers viewers;

    ConsoleAccess(Viewers viewers) {
        this.viewers = viewers;
    }

    /** The signed-in admin, as the API's admin routes see their caller (address and request id for the audit). */
    MerchantPrincipal admin(HttpServletRequest request) {
        return viewers.current(request).require(Permissions.ADMIN);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        admin(request);
        return true;
    }

    /** A refused form is shown again on its page, the problem's detail in the page's alert, with its status. */
    static void refused(ApiProblem problem, HttpServletResponse response, Model model) {
        response.setStatus(problem.status());
        model.addAttribute("problem", problem);
    }
}
