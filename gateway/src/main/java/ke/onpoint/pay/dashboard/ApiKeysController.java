package ke.onpoint.pay.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.merchant.MerchantAccounts;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The merchant's API keys of the session's mode: listed to every role that reads the account, created and revoked by
 * the roles that manage keys, through the API's own {@link MerchantAccounts} calls (the same checks: KYC for a live
 * key; the same audit entries). A new key's secret is in the answer to its creation only, never stored in the
 * session: a reload shows the list without it.
 */
@Controller
class ApiKeysController implements DashboardPage {

    /** What each scope lets a key do, in the order the form offers them. */
    static final Map<String, String> SCOPES = scopes();

    private final Viewers viewers;
    private final MerchantAccounts accounts;

    ApiKeysController(Viewers viewers, MerchantAccounts accounts) {
        this.viewers = viewers;
        this.accounts = accounts;
    }

    @Override
    public NavLink nav() {
        return new NavLink(60, "/dashboard/keys", "API keys", Permissions.ACCOUNT_READ);
    }

    @GetMapping("/dashboard/keys")
    String keys(HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        viewer.require(Permissions.ACCOUNT_READ);
        return page(request, model, viewer);
    }

    @PostMapping("/dashboard/keys")
    String create(
            @RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "mode", required = false) String mode,
            @RequestParam(name = "scopes", required = false) List<String> scopes,
            HttpServletRequest request,
            Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal who = viewer.require(Permissions.KEYS_MANAGE);
        // the API's body, as the JSON route hands it over: the same validation, problems and audit entry
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (name != null) {
            body.put("name", name);
        }
        if (mode != null) {
            body.put("mode", mode);
        }
        if (scopes != null) {
            scopes.forEach(body.putArray("scopes")::add);
        }
        Map<String, Object> created = accounts.createKey(who, body);
        model.addAttribute("created", created);
        return page(request, model, viewer);
    }

    /** The confirmation step before a key is revoked. */
    @GetMapping("/dashboard/keys/{id}/revoke")
    String confirmRevoke(@PathVariable("id") String id, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal who = viewer.require(Permissions.KEYS_MANAGE);
        model.addAttribute("key", accounts.key(who.merchantId(), id));
        model.addAttribute("scopeNames", SCOPES);
        return "dashboard/key-revoke";
    }

    @PostMapping("/dashboard/keys/{id}/revoke")
    String revoke(@PathVariable("id") String id, HttpServletRequest request, RedirectAttributes redirect) {
        Viewer viewer = viewers.current(request);
        Map<String, Object> key = accounts.revokeKey(viewer.require(Permissions.KEYS_MANAGE), id);
        redirect.addFlashAttribute(
                "notice",
                "The key " + key.get("prefix") + "… (" + key.get("name") + ") is revoked: requests with it are refused"
                        + " from now on.");
        return "redirect:/dashboard/keys";
    }

    private String page(HttpServletRequest request, Model model, Viewer viewer) {
        model.addAttribute(
                "keys",
                accounts.listKeys(viewer.principal().merchantId(), viewer.mode(), PageViews.query(request, "cursor")));
        model.addAttribute("canManage", viewer.can(Permissions.KEYS_MANAGE));
        model.addAttribute("scopeNames", SCOPES);
        model.addAttribute("firstPage", request.getParameter("cursor") == null);
        return PageViews.render(request, model, "dashboard/keys");
    }

    private static Map<String, String> scopes() {
        Map<String, String> described = new LinkedHashMap<>();
        for (String scope : Permissions.KEY_SCOPES) {
            described.put(
                    scope,
                    switch (scope) {
                        case Permissions.PAYMENTS_WRITE -> "Start payments";
                        case Permissions.PAYMENTS_READ -> "Read payments, the balance and settlements";
                        case Permissions.REFUNDS_WRITE -> "Refund payments";
                        case Permissions.WEBHOOKS_MANAGE -> "Manage webhooks and replay deliveries";
                        default -> scope;
                    });
        }
        return described;
    }
}
