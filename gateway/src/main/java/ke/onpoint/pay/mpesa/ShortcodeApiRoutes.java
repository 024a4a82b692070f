package ke.onpoint.pay.mpesa;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/**
 * The merchant's own M-Pesa shortcode, part of its account (dashboard login): a viewer reads it, an owner sets and
 * removes it. Served here because M-Pesa owns shortcodes ({@link MerchantShortcodes}).
 */
@Component
public class ShortcodeApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final MerchantShortcodes shortcodes;

    public ShortcodeApiRoutes(ApiMessages messages, ApiJson json, Callers callers, MerchantShortcodes shortcodes) {
        super(messages, json);
        this.callers = callers;
        this.shortcodes = shortcodes;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/merchants/me").description("The merchant's own M-Pesa shortcode (dashboard login)")
                .get("/mpesa-shortcodes").id("rest-mpesa-shortcodes-list").to("direct:mpesa-shortcodes-list")
                .put("/mpesa-shortcodes").id("rest-mpesa-shortcodes-set").consumes("application/json")
                    .to("direct:mpesa-shortcodes-set")
                .delete("/mpesa-shortcodes/{mode}").id("rest-mpesa-shortcodes-remove").to("direct:mpesa-shortcodes-remove");

        operation("mpesa-shortcodes-list", e -> callers.user(e, Permissions.ACCOUNT_READ), 200,
                e -> shortcodes.list(principal(e).merchantId()));
        operation("mpesa-shortcodes-set", e -> callers.user(e, Permissions.SETTINGS_MANAGE), 200,
                e -> shortcodes.set(principal(e), body(e)));
        operation("mpesa-shortcodes-remove", e -> callers.user(e, Permissions.SETTINGS_MANAGE), 200,
                e -> shortcodes.remove(principal(e), header(e, "mode")));
    }
    // spotless:on
}
