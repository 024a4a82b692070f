package ke.onpoint.pay.webhook;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.security.ApiKeyAuthentication;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The merchant's webhook APIs, with an API key holding {@code webhooks:manage} (JWT login arrives with the
 * merchant-accounts issue): settings, secret rotation, a test event, deliveries and replays.
 */
@Component
public class WebhookApiRoutes extends RouteBuilder {

    private final ApiKeyAuthentication authentication;
    private final ApiMessages messages;
    private final ApiJson json;
    private final WebhookAdmin admin;

    public WebhookApiRoutes(ApiKeyAuthentication authentication, ApiMessages messages, ApiJson json, WebhookAdmin admin) {
        this.authentication = authentication;
        this.messages = messages;
        this.json = json;
        this.admin = admin;
    }

    @Override
    public void configure() {
        rest("/merchants/me/webhook").description("The merchant's webhook settings (API key with webhooks:manage)")
                .get().id("rest-webhook-settings").to("direct:webhook-settings")
                .put().id("rest-webhook-url").consumes("application/json").to("direct:webhook-url")
                .post("/rotate-secret").id("rest-webhook-rotate-secret").to("direct:webhook-rotate-secret")
                .post("/test").id("rest-webhook-test").to("direct:webhook-test");
        rest("/webhooks/deliveries").description("Webhook deliveries, their attempts, and replays")
                .get().id("rest-webhook-deliveries").to("direct:webhook-deliveries")
                .get("/{id}").id("rest-webhook-delivery").to("direct:webhook-delivery")
                .post("/{id}/replay").id("rest-webhook-delivery-replay").to("direct:webhook-delivery-replay")
                .post("/replay").id("rest-webhook-deliveries-replay").consumes("application/json")
                    .to("direct:webhook-deliveries-replay");

        answer("direct:webhook-settings", "webhook-settings", 200, e -> admin.settings(merchant(e)));
        answer("direct:webhook-url", "webhook-url", 200, e -> admin.setUrl(merchant(e), json.readObject(messages.requestBody(e))));
        answer("direct:webhook-rotate-secret", "webhook-rotate-secret", 200, e -> admin.rotateSecret(merchant(e)));
        answer("direct:webhook-test", "webhook-test", 202, e -> admin.sendTest(merchant(e)));
        answer("direct:webhook-deliveries", "webhook-deliveries-list", 200, e -> admin.list(merchant(e),
                e.getMessage().getHeader("status", String.class), e.getMessage().getHeader("limit", String.class),
                e.getMessage().getHeader("cursor", String.class)));
        answer("direct:webhook-delivery", "webhook-delivery", 200,
                e -> admin.get(merchant(e), e.getMessage().getHeader("id", String.class)));
        answer("direct:webhook-delivery-replay", "webhook-delivery-replay", 200,
                e -> admin.replay(merchant(e), e.getMessage().getHeader("id", String.class)));
        answer("direct:webhook-deliveries-replay", "webhook-deliveries-replay", 200,
                e -> admin.replayRange(merchant(e), json.readObject(messages.requestBody(e))));
    }

    /** One route per operation: authenticate with the scope, run it, answer JSON (problems via api-problems). */
    private void answer(String from, String routeId, int status, java.util.function.Function<Exchange, Object> operation) {
        from(from).routeId(routeId).routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> authentication.require(e, "webhooks:manage"))
                .process(e -> messages.respond(e, status, operation.apply(e)));
    }

    private static MerchantPrincipal merchant(Exchange exchange) {
        return exchange.getProperty(MerchantPrincipal.PROPERTY, MerchantPrincipal.class);
    }
}
