package ke.onpoint.pay.dashboard;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import ke.onpoint.pay.webhook.WebhookAdmin;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The merchant's webhooks, through the API's own {@link WebhookAdmin}: the endpoint URL, the signing secret's
 * rotation (the new secret in that answer only), a test event, and the deliveries with their attempts, one of which
 * can be sent again. Every role that reads webhooks sees them; owners and developers change them.
 */
@Controller
class WebhooksController implements DashboardPage {

    static final int PAGE = 20;

    private final Viewers viewers;
    private final WebhookAdmin webhooks;

    WebhooksController(Viewers viewers, WebhookAdmin webhooks) {
        this.viewers = viewers;
        this.webhooks = webhooks;
    }

    /** One attempt to deliver, as the page lists it. */
    record Attempt(Instant at, Integer statusCode, Integer latencyMs, String error, String response) {}

    @Override
    public NavLink nav() {
        return new NavLink(70, "/dashboard/webhooks", "Webhooks", Permissions.WEBHOOKS_READ);
    }

    @GetMapping("/dashboard/webhooks")
    String page(
            @RequestParam(name = "awaiting", required = false) String awaiting,
            HttpServletRequest request,
            Model model) {
        Viewer viewer = viewers.current(request);
        viewer.require(Permissions.WEBHOOKS_READ);
        return page(request, model, viewer, awaiting);
    }

    /** The deliveries alone: what the page polls while a delivery is on its way. */
    @GetMapping("/dashboard/webhooks/deliveries")
    String deliveries(
            @RequestParam(name = "awaiting", required = false) String awaiting,
            HttpServletRequest request,
            Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal merchant = viewer.require(Permissions.WEBHOOKS_READ);
        if (!DashboardAdvice.htmx(request)) {
            return "redirect:/dashboard/webhooks";
        }
        deliveries(request, model, viewer, merchant, awaiting);
        return "dashboard/webhooks :: #deliveries";
    }

    @PostMapping("/dashboard/webhooks/url")
    String setUrl(
            @RequestParam(name = "url", required = false) String url,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        Viewer viewer = viewers.current(request);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (url != null) {
            body.put("url", url.trim());
        }
        webhooks.setUrl(viewer.require(Permissions.WEBHOOKS_MANAGE), body);
        return done(
                request,
                model,
                redirect,
                viewer,
                "Webhook URL saved: events are sent to " + url.trim() + " from now on.",
                null);
    }

    @PostMapping("/dashboard/webhooks/rotate-secret")
    String rotateSecret(HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        model.addAttribute("rotated", webhooks.rotateSecret(viewer.require(Permissions.WEBHOOKS_MANAGE)));
        return page(request, model, viewer, null);
    }

    @PostMapping("/dashboard/webhooks/test")
    String sendTest(HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Viewer viewer = viewers.current(request);
        String event = (String)
                webhooks.sendTest(viewer.require(Permissions.WEBHOOKS_MANAGE)).get("event_id");
        return done(
                request,
                model,
                redirect,
                viewer,
                "Test event " + event + " sent: its delivery appears below as soon as it is on its way.",
                event);
    }

    /** One delivery and its attempts: a page of its own, or (htmx) the body of its entry in the list. */
    @GetMapping("/dashboard/webhooks/deliveries/{id}")
    String delivery(@PathVariable("id") String id, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal merchant = viewer.require(Permissions.WEBHOOKS_READ);
        Map<String, Object> delivery = webhooks.get(merchant, id);
        model.addAttribute("delivery", delivery);
        model.addAttribute("attempts", attempts(delivery));
        model.addAttribute("canManage", viewer.can(Permissions.WEBHOOKS_MANAGE));
        return DashboardAdvice.htmx(request) ? "dashboard/webhook-delivery :: attempts" : "dashboard/webhook-delivery";
    }

    /** A delivery's line in the list, which polls it while it is on its way. */
    @GetMapping("/dashboard/webhooks/deliveries/{id}/summary")
    String summary(@PathVariable("id") String id, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        Map<String, Object> delivery = webhooks.get(viewer.require(Permissions.WEBHOOKS_READ), id);
        if (!DashboardAdvice.htmx(request)) {
            return "redirect:/dashboard/webhooks/deliveries/" + delivery.get("id");
        }
        model.addAttribute("d", delivery);
        return "dashboard/webhooks :: delivery-summary";
    }

    @PostMapping("/dashboard/webhooks/deliveries/{id}/replay")
    String replay(@PathVariable("id") String id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Viewer viewer = viewers.current(request);
        webhooks.replay(viewer.require(Permissions.WEBHOOKS_MANAGE), id);
        return done(request, model, redirect, viewer, "Delivery " + id + " is being sent again now.", null);
    }

    /**
     * After an action: the page's form (htmx) gets the page back in place with the notice; a plain form is sent on
     * to the page (post/redirect/get), so a reload does not repeat the action.
     */
    private String done(
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect,
            Viewer viewer,
            String notice,
            String awaiting) {
        if (!DashboardAdvice.htmx(request)) {
            redirect.addFlashAttribute("notice", notice);
            if (awaiting != null) {
                redirect.addAttribute("awaiting", awaiting);
            }
            return "redirect:/dashboard/webhooks";
        }
        model.addAttribute("notice", notice);
        return page(request, model, viewer, awaiting);
    }

    private String page(HttpServletRequest request, Model model, Viewer viewer, String awaiting) {
        MerchantPrincipal merchant = viewer.principal();
        model.addAttribute("settings", webhooks.settings(merchant));
        deliveries(request, model, viewer, merchant, awaiting);
        return PageViews.render(request, model, "dashboard/webhooks");
    }

    private void deliveries(
            HttpServletRequest request, Model model, Viewer viewer, MerchantPrincipal merchant, String awaiting) {
        String status = request.getParameter("status");
        Map<String, Object> list = webhooks.list(
                merchant,
                status == null || status.isBlank() ? null : status,
                String.valueOf(PAGE),
                request.getParameter("cursor"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) list.get("data");
        boolean firstPage = request.getParameter("cursor") == null;
        // the list asks for itself again until a test event just sent has its delivery (a delivery on its way
        // follows itself: its summary polls)
        boolean awaited = awaiting != null
                && awaiting.matches("[A-Za-z0-9_]{1,40}")
                && data.stream().noneMatch(d -> awaiting.equals(d.get("event_id")));
        model.addAttribute("deliveries", list);
        model.addAttribute("status", status == null || status.isBlank() ? null : status);
        model.addAttribute("firstPage", firstPage);
        model.addAttribute("poll", firstPage && awaited);
        model.addAttribute("awaiting", awaited ? awaiting : null);
        model.addAttribute("canManage", viewer.can(Permissions.WEBHOOKS_MANAGE));
    }

    private static Instant instant(Object time) {
        if (time instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return time instanceof OffsetDateTime offset ? offset.toInstant() : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Attempt> attempts(Map<String, Object> delivery) {
        return ((List<Map<String, Object>>) delivery.get("attempts_log"))
                .stream()
                        .map(a -> new Attempt(
                                instant(a.get("attempted_at")),
                                (Integer) a.get("status_code"),
                                (Integer) a.get("latency_ms"),
                                (String) a.get("error"),
                                (String) a.get("response_excerpt")))
                        .toList();
    }
}
