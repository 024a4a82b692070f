package ke.onpoint.pay.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.MerchantAccounts;
import ke.onpoint.pay.merchant.OwnShortcodes;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import ke.onpoint.pay.settlement.PayoutDestinations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings: the business profile, the merchant's own M-Pesa shortcode and passkey for the mode on view (the passkey
 * is write-only: the page says only whether one is set), the payout destination (masked) and the API keys' IP
 * allow-list. Every role reads them; owners change them (the API's {@code settings:manage}), through the services
 * and with the audit entries of the API's routes. The webhook URL is the Webhooks page's.
 */
@Controller
class SettingsController implements DashboardPage {

    static final String PATH = "/dashboard/settings";
    private static final String TEMPLATE = "dashboard/settings";
    /** A form's own fields, never part of the API body it becomes. */
    private static final Set<String> FORM_FIELDS = Set.of("_csrf");

    private final Viewers viewers;
    private final MerchantAccounts accounts;
    private final OwnShortcodes shortcodes;
    private final PayoutDestinations destinations;
    private final ApiJson json;

    SettingsController(
            Viewers viewers,
            MerchantAccounts accounts,
            OwnShortcodes shortcodes,
            PayoutDestinations destinations,
            ApiJson json) {
        this.viewers = viewers;
        this.accounts = accounts;
        this.shortcodes = shortcodes;
        this.destinations = destinations;
        this.json = json;
    }

    @Override
    public NavLink nav() {
        return new NavLink(100, PATH, "Settings", Permissions.ACCOUNT_READ);
    }

    @GetMapping(PATH)
    String page(HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        show(viewer.require(Permissions.ACCOUNT_READ), model);
        return TEMPLATE;
    }

    /** The API's {@code PATCH /merchants/me}: the business name and contact phone. */
    @PostMapping(PATH + "/profile")
    String profile(
            @RequestParam(name = "business_name", required = false) String name,
            @RequestParam(name = "phone", required = false) String phone,
            HttpServletRequest request,
            Model model,
            RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.SETTINGS_MANAGE);
        ObjectNode body = json.mapper().createObjectNode();
        putIfSent(body, "business_name", name);
        putIfSent(body, "phone", phone);
        accounts.update(owner, body);
        return done(owner, request, model, flash, "Business profile saved", "profile");
    }

    /** The API's {@code PUT /merchants/me/mpesa-shortcodes}, for the mode on view. */
    @PostMapping(PATH + "/mpesa")
    String mpesa(
            @RequestParam(name = "shortcode", required = false) String shortcode,
            @RequestParam(name = "passkey", required = false) String passkey,
            HttpServletRequest request,
            Model model,
            RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.SETTINGS_MANAGE);
        ObjectNode body = json.mapper().createObjectNode().put("mode", owner.mode());
        putIfSent(body, "shortcode", shortcode);
        putIfSent(body, "passkey", passkey);
        shortcodes.set(owner, body);
        return done(
                owner,
                request,
                model,
                flash,
                "M-Pesa shortcode saved for " + owner.mode() + " mode (passkey set)",
                "mpesa");
    }

    /** The API's {@code DELETE /merchants/me/mpesa-shortcodes/{mode}}, for the mode on view. */
    @PostMapping(PATH + "/mpesa/remove")
    String removeMpesa(HttpServletRequest request, Model model, RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.SETTINGS_MANAGE);
        shortcodes.remove(owner, owner.mode());
        return done(
                owner,
                request,
                model,
                flash,
                "Your own shortcode was removed: " + owner.mode() + "-mode payments use the gateway's shortcode",
                "mpesa");
    }

    /**
     * The API's {@code PUT /merchants/me/payout-destination}: each kind of destination has its own form, whose
     * fields are the API's; a field left blank is not sent (the API then says it is required).
     */
    @PostMapping(PATH + "/payout-destination")
    String payoutDestination(HttpServletRequest request, Model model, RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.SETTINGS_MANAGE);
        ObjectNode body = json.mapper().createObjectNode();
        request.getParameterMap().forEach((name, values) -> {
            if (!FORM_FIELDS.contains(name) && values.length > 0) {
                putIfGiven(body, name, values[0]);
            }
        });
        destinations.set(owner, body);
        return done(owner, request, model, flash, "Payout destination saved", "payout");
    }

    /** The API's {@code PUT /merchants/me/ip-allowlist}: one address or CIDR block per line; none allows any. */
    @PostMapping(PATH + "/ip-allowlist")
    String ipAllowlist(
            @RequestParam(name = "cidrs", required = false) String cidrs,
            HttpServletRequest request,
            Model model,
            RedirectAttributes flash) {
        MerchantPrincipal owner = viewers.current(request).require(Permissions.SETTINGS_MANAGE);
        ArrayNode rules = json.mapper().createArrayNode();
        if (cidrs != null) {
            for (String line : cidrs.split("[\\s,]+")) {
                if (!line.isBlank()) {
                    rules.add(line.trim());
                }
            }
        }
        ObjectNode body = json.mapper().createObjectNode();
        body.set("cidrs", rules);
        accounts.setIpAllowlist(owner, body);
        return done(owner, request, model, flash, "IP allow-list saved", "allowlist");
    }

    private String done(
            MerchantPrincipal owner,
            HttpServletRequest request,
            Model model,
            RedirectAttributes flash,
            String notice,
            String section) {
        show(owner, model);
        return FormAnswers.done(request, model, flash, notice, TEMPLATE, section, PATH);
    }

    @SuppressWarnings("unchecked")
    private void show(MerchantPrincipal merchant, Model model) {
        Map<String, Object> account = accounts.view(merchant.merchantId());
        model.addAttribute("account", account);
        model.addAttribute("allowlist", String.join("\n", (List<String>) account.get("ip_allowlist")));
        Map<String, Object> own = shortcodes.list(merchant.merchantId());
        model.addAttribute("defaultShortcode", own.get("default_shortcode"));
        model.addAttribute(
                "shortcode",
                ((List<Map<String, Object>>) own.get("data"))
                        .stream()
                                .filter(row -> merchant.mode().equals(row.get("mode")))
                                .findFirst()
                                // the passkey is write-only: not even its masked form reaches the page
                                .map(row ->
                                        Map.of("shortcode", row.get("shortcode"), "updated_at", row.get("updated_at")))
                                .orElse(null));
        model.addAttribute("destination", destination(merchant.merchantId()));
    }

    private Map<String, Object> destination(long merchantId) {
        try {
            return destinations.view(merchantId);
        } catch (ApiProblem none) {
            if (none.status() == 404) {
                return null;
            }
            throw none;
        }
    }

    /** A field the form sent, even blank: the API's rule answers for it. */
    private static void putIfSent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static void putIfGiven(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }
}
