package ke.onpoint.pay.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The test/live switch, as Stripe has: the session sees one mode's data at a time (test by default), and every page
 * says which. A form (CSRF token), back to the page it was sent from (only a dashboard page: never an open redirect).
 */
@Controller
class ModeController {

    private final Viewers viewers;

    ModeController(Viewers viewers) {
        this.viewers = viewers;
    }

    @PostMapping("/dashboard/mode")
    String switchMode(
            @RequestParam(name = "mode", required = false) String mode,
            @RequestParam(name = "back", required = false) String back,
            HttpServletRequest request) {
        viewers.current(request);
        Viewers.switchMode(request, mode);
        return "redirect:"
                + (back != null && !back.contains("..") && back.matches("/dashboard(/[A-Za-z0-9_./-]*)?")
                        ? back
                        : "/dashboard");
    }
}
