package ke.onpoint.pay.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** {@code /} leads to the dashboard; the sign-in page; the page a refused form (no valid CSRF token) gets. */
@Controller
class SignInController {

    static final String LAST_EMAIL = "onpoint.dashboard.lastEmail";

    private final Viewers viewers;

    SignInController(Viewers viewers) {
        this.viewers = viewers;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/dashboard";
    }

    @GetMapping("/dashboard/login")
    String signIn(HttpServletRequest request, Model model) {
        if (viewers.find(request).isPresent()) {
            return "redirect:/dashboard";
        }
        HttpSession session = request.getSession(false);
        if (session != null && request.getParameter("error") != null) {
            // left by the failure handler for the page that follows the refused POST (post/redirect/get)
            if (session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof Exception refused) {
                model.addAttribute("error", refused.getMessage());
            }
            model.addAttribute("email", session.getAttribute(LAST_EMAIL));
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            session.removeAttribute(LAST_EMAIL);
        }
        model.addAttribute("signedOut", request.getParameter("signed-out") != null);
        model.addAttribute("expired", request.getParameter("expired") != null);
        return "dashboard/login";
    }

    /** Where Spring Security forwards a request it refused (a missing or stale CSRF token): any method. */
    @RequestMapping("/dashboard/denied")
    String denied(HttpServletRequest request, Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute(
                "problem",
                ke.onpoint.pay.api.ApiProblem.forbidden(
                        "This form was refused: it did not carry this session's security token (it may have been sent"
                                + " from another site, or your session ended). Reload the page and try again"));
        return "dashboard/error";
    }
}
