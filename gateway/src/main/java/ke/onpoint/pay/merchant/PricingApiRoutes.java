package ke.onpoint.pay.merchant;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/**
 * Pricing plans: {@code GET /merchants/me/pricing} (the merchant's own), {@code GET|PUT
 * /admin/merchants/{merchant}/pricing} (the gateway's staff).
 */
@Component
public class PricingApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final PricingAdmin pricing;

    public PricingApiRoutes(ApiMessages messages, ApiJson json, Callers callers, PricingAdmin pricing) {
        super(messages, json);
        this.callers = callers;
        this.pricing = pricing;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/merchants/me/pricing").description("The merchant's pricing plan")
                .get().id("rest-merchant-pricing").to("direct:merchant-pricing");
        rest("/admin/merchants/{merchant}/pricing").description("The gateway's staff: a merchant's pricing plan")
                .get().id("rest-admin-pricing-get").to("direct:admin-pricing-get")
                .put().id("rest-admin-pricing-set").consumes("application/json").to("direct:admin-pricing-set");

        operation("merchant-pricing", e -> callers.user(e, Permissions.ACCOUNT_READ), 200,
                e -> pricing.view(principal(e).merchantId()));
        operation("admin-pricing-get", e -> callers.user(e, Permissions.ADMIN), 200,
                e -> pricing.view(pricing.merchantId(header(e, "merchant"))));
        operation("admin-pricing-set", e -> callers.user(e, Permissions.ADMIN), 200,
                e -> pricing.set(principal(e), header(e, "merchant"), body(e)));
    }
    // spotless:on
}
