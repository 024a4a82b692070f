package ke.onpoint.pay.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.api.QueryParameters;
import org.springframework.ui.Model;

/**
 * How a page answers a form: a plain request gets the whole document; an htmx request (the page's own forms) only
 * its {@code #page}, which the form swaps in place, and an empty alert region (out of band) so an earlier problem
 * does not linger beside the result.
 */
final class PageViews {

    private PageViews() {}

    static String render(HttpServletRequest request, Model model, String template) {
        if (DashboardAdvice.htmx(request)) {
            model.addAttribute("partial", true);
            return template + " :: #page";
        }
        return template;
    }

    /** A list's query parameters as the API reads them, from the page's own (only those named). */
    static QueryParameters query(HttpServletRequest request, String... names) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = request.getParameter(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return new QueryParameters(values);
    }
}
