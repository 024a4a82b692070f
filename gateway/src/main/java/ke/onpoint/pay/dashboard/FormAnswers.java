package ke.onpoint.pay.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * How a page answers a form that succeeded. Sent by htmx, the page's section is rendered again in place with its
 * notice (and the alert region cleared of an earlier failure); sent as a plain form (no script), post/redirect/get
 * back to the page, which shows the notice in the same section. A failure is {@link DashboardAdvice}'s: the problem's
 * detail in the alert region.
 */
final class FormAnswers {

    private FormAnswers() {}

    /**
     * @param template the page's template ({@code dashboard/settings})
     * @param section the page's section that was acted on, a fragment of the template ({@code profile})
     * @param page the page a plain form returns to ({@code /dashboard/settings})
     */
    static String done(
            HttpServletRequest request,
            Model model,
            RedirectAttributes flash,
            String notice,
            String template,
            String section,
            String page) {
        if (DashboardAdvice.htmx(request)) {
            model.addAttribute("notice", notice);
            model.addAttribute("noticeFor", section);
            model.addAttribute("inPlace", true);
            return template + " :: " + section;
        }
        flash.addFlashAttribute("notice", notice);
        flash.addFlashAttribute("noticeFor", section);
        return "redirect:" + page;
    }
}
