package ke.onpoint.pay.dashboard;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every dashboard page has: the viewer, the money and time formats, the navigation, the CSRF token for htmx;
 * and how a failure is shown: a problem's {@code detail} in the alert region, with the problem's status (in place,
 * for an htmx request; as a page otherwise).
 */
@ControllerAdvice(basePackages = "ke.onpoint.pay.dashboard")
public class DashboardAdvice {

    private static final Logger log = LoggerFactory.getLogger(DashboardAdvice.class);

    private final Viewers viewers;
    private final ObjectProvider<DashboardPage> pages;

    public DashboardAdvice(Viewers viewers, ObjectProvider<DashboardPage> pages) {
        this.viewers = viewers;
        this.pages = pages;
    }

    /** One entry of the navigation as the layout renders it. */
    public record NavItem(String path, String label, boolean current) {}

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        model.addAttribute("fmt", Formats.INSTANCE);
        // a refused request forwarded here without a session (another site's form) must not get one: its cookie
        // would replace the signed-in user's
        boolean mayOpenSession =
                request.getSession(false) != null || request.getDispatcherType() == DispatcherType.REQUEST;
        if (mayOpenSession && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            model.addAttribute("csrfToken", csrf.getToken());
            model.addAttribute("csrfHeaders", "{\"" + csrf.getHeaderName() + "\": \"" + csrf.getToken() + "\"}");
        }
        viewers.find(request).ifPresent(viewer -> {
            model.addAttribute("viewer", viewer);
            if (!htmx(request)) {
                model.addAttribute("nav", nav(viewer, request.getRequestURI()));
                model.addAttribute("modeBack", section(request.getRequestURI()));
            }
        });
    }

    private List<NavItem> nav(Viewer viewer, String path) {
        return pages.orderedStream()
                .map(DashboardPage::nav)
                .filter(link -> link.shownTo(viewer))
                .sorted(Comparator.comparingInt(NavLink::order))
                .map(link -> new NavItem(link.path(), link.label(), link.current(path)))
                .toList();
    }

    /**
     * Where the mode switch returns: the page's section ({@code /dashboard/payments} from a payment's page, whose
     * payment does not exist in the other mode).
     */
    static String section(String path) {
        String[] parts = path.split("/");
        return parts.length >= 3 && parts[1].equals("dashboard") ? "/dashboard/" + parts[2] : "/dashboard";
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        return failure(problem, request, response, model);
    }

    @ExceptionHandler(Viewers.SignedOut.class)
    String signedOut(HttpServletRequest request, HttpServletResponse response) {
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        if (htmx(request)) {
            response.setHeader("HX-Redirect", "/dashboard/login");
            response.setStatus(401);
            return "dashboard/fragments :: empty";
        }
        return "redirect:/dashboard/login";
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (e instanceof org.springframework.web.ErrorResponse known
                && known.getStatusCode().is4xxClientError()) {
            // Spring MVC's own refusals (a parameter of the wrong type, an unsupported body): their status and detail
            return failure(
                    new ApiProblem(
                            known.getStatusCode().value(),
                            "bad-request",
                            "Your request is invalid",
                            known.getBody().getDetail(),
                            null),
                    request,
                    response,
                    model);
        }
        log.error("Dashboard request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return failure(
                new ApiProblem(
                        500,
                        "internal-error",
                        "Something went wrong",
                        "Something went wrong on our side; try again",
                        null),
                request,
                response,
                model);
    }

    private String failure(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(problem.status());
        problem.headers().forEach(response::setHeader);
        model.addAttribute("problem", problem);
        common(request, model);
        if (htmx(request)) {
            // a fragment's failure goes to the page's alert region, whatever the request meant to replace
            response.setHeader("HX-Retarget", "#alerts");
            response.setHeader("HX-Reswap", "innerHTML");
            return "dashboard/fragments :: problem";
        }
        return "dashboard/error";
    }

    static boolean htmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }
}
