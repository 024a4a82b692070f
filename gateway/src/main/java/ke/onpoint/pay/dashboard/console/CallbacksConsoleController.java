package ke.onpoint.pay.dashboard.console;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.payment.CallbackReviews;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Provider callbacks awaiting review: those that matched nothing we started and those held for review (a payment
 * reported at another amount or ids is failed, never completed, and its callback waits here). An admin reads the kept
 * payload and the payment it names and resolves it with a note ({@link CallbackReviews#resolve}, audited as
 * {@code provider_callback.resolved}), through the same service as the admin API ({@code /admin/callbacks}).
 */
@Controller
class CallbacksConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/callbacks";

    /** Indents without changing a value: decimals as written ({@code 100.00}), big numbers whole. */
    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final ConsoleAccess access;
    private final CallbackReviews reviews;

    CallbacksConsoleController(ConsoleAccess access, CallbackReviews reviews) {
        this.access = access;
        this.reviews = reviews;
    }

    @Override
    public NavLink nav() {
        return new NavLink(120, PATH, "Callbacks", NavLink.ADMIN_ONLY);
    }

    @GetMapping(PATH)
    String list(
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "provider", required = false) String provider,
            @RequestParam(name = "cursor", required = false) String cursor,
            HttpServletRequest request,
            Model model) {
        access.admin(request);
        String wanted = status == null || status.isBlank() ? "awaiting" : status;
        String only = provider == null || provider.isBlank() ? "" : provider;
        model.addAttribute("status", wanted);
        model.addAttribute("provider", only);
        model.addAttribute(
                "page", reviews.page(wanted, only, null, cursor == null || cursor.isBlank() ? null : cursor));
        model.addAttribute("firstPage", cursor != null && !cursor.isBlank());
        return "dashboard/console/callbacks";
    }

    @GetMapping(PATH + "/{callback}")
    String callback(@PathVariable String callback, HttpServletRequest request, Model model) {
        access.admin(request);
        return show(callback, "", model);
    }

    @PostMapping(PATH + "/{callback}/resolve")
    String resolve(
            @PathVariable String callback,
            @RequestParam(name = "note", required = false) String note,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        try {
            ObjectNode body = FormBodies.object();
            body.put("note", FormBodies.text("note", note));
            reviews.resolve(admin, callback, body);
            redirect.addFlashAttribute("notice", "Callback " + callback + " resolved");
            return "redirect:" + PATH + "/" + callback;
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            return show(callback, note == null ? "" : note, model);
        }
    }

    private String show(String callback, String typedNote, Model model) {
        Map<String, Object> found = reviews.get(callback);
        model.addAttribute("callback", found);
        model.addAttribute("payload", pretty((String) found.get("payload")));
        model.addAttribute(
                "reviewable",
                found.get("resolved_at") == null
                        && ("unmatched".equals(found.get("outcome")) || "needs_review".equals(found.get("outcome"))));
        model.addAttribute("note", typedNote);
        return "dashboard/console/callback";
    }

    /** The payload indented when it is whole JSON; as kept otherwise (an excerpt, or not JSON at all). */
    static String pretty(String payload) {
        if (payload == null) {
            return "";
        }
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(payload));
        } catch (JsonProcessingException | RuntimeException notJson) {
            return payload;
        }
    }
}
