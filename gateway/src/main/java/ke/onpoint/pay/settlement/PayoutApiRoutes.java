package ke.onpoint.pay.settlement;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/**
 * The merchant's payout destination (dashboard login: owners change it, every role reads its masked form) and the
 * admins' pause and resume of a merchant's payouts.
 */
@Component
public class PayoutApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final PayoutDestinations destinations;
    private final PayoutPauses pauses;

    public PayoutApiRoutes(
            ApiMessages messages, ApiJson json, Callers callers, PayoutDestinations destinations, PayoutPauses pauses) {
        super(messages, json);
        this.callers = callers;
        this.destinations = destinations;
        this.pauses = pauses;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/merchants/me").description("Where the merchant's settlements are paid out (dashboard login)")
                .get("/payout-destination").id("rest-payout-destination-get").to("direct:payout-destination-get")
                .put("/payout-destination").id("rest-payout-destination-set").consumes("application/json")
                    .to("direct:payout-destination-set");
        rest("/admin").description("The gateway's staff: pause and resume a merchant's payouts")
                .post("/merchants/{merchant}/payouts/pause").id("rest-admin-payouts-pause").consumes("application/json")
                    .to("direct:admin-payouts-pause")
                .post("/merchants/{merchant}/payouts/resume").id("rest-admin-payouts-resume")
                    .to("direct:admin-payouts-resume");

        Admission admin = e -> callers.user(e, Permissions.ADMIN);
        operation("payout-destination-get", e -> callers.user(e, Permissions.ACCOUNT_READ), 200,
                e -> destinations.view(principal(e).merchantId()));
        operation("payout-destination-set", e -> callers.user(e, Permissions.SETTINGS_MANAGE), 200,
                e -> destinations.set(principal(e), body(e)));
        operation("admin-payouts-pause", admin, 200, e -> pauses.pause(principal(e), header(e, "merchant"), body(e)));
        operation("admin-payouts-resume", admin, 200, e -> pauses.resume(principal(e), header(e, "merchant")));
    }
    // spotless:on
}
