package ke.onpoint.pay.webhook;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/**
 * The merchant's webhook APIs: settings, secret rotation, a test event, deliveries and replays. A dashboard login
 * (owner and developer change, viewer reads) or an API key holding {@code webhooks:manage}.
 */
@Component
public class WebhookApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final WebhookAdmin admin;

    public WebhookApiRoutes(Callers callers, ApiMessages messages, ApiJson json, WebhookAdmin admin) {
        super(messages, json);
        this.callers = callers;
        this.admin = admin;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/merchants/me/webhook").description("The merchant's webhook settings")
                .get().id("rest-webhook-settings").to("direct:webhook-settings")
                .put().id("rest-webhook-url").consumes("application/json").to("direct:webhook-url")
                .post("/rotate-secret").id("rest-webhook-rotate-secret").to("direct:webhook-rotate-secret")
                .post("/test").id("rest-webhook-test").to("direct:webhook-test");
        rest("/webhooks/deliveries").description("Webhook deliveries, their attempts, and replays")
                .get().id("rest-webhook-deliveries").to("direct:webhook-deliveries-list")
                .get("/{id}").id("rest-webhook-delivery").to("direct:webhook-delivery")
                .post("/{id}/replay").id("rest-webhook-delivery-replay").to("direct:webhook-delivery-replay")
                .post("/replay").id("rest-webhook-deliveries-replay").consumes("application/json")
                    .to("direct:webhook-deliveries-replay");

        Admission reads = e -> callers.keyOrUser(e, Permissions.WEBHOOKS_READ);
        Admission changes = e -> callers.keyOrUser(e, Permissions.WEBHOOKS_MANAGE);
        operation("webhook-settings", reads, 200, e -> admin.settings(principal(e)));
        operation("webhook-url", changes, 200, e -> admin.setUrl(principal(e), body(e)));
        operation("webhook-rotate-secret", changes, 200, e -> admin.rotateSecret(principal(e)));
        operation("webhook-test", changes, 202, e -> admin.sendTest(principal(e)));
        operation("webhook-deliveries-list", reads, 200, e -> admin.list(principal(e), header(e, "status"),
                header(e, "limit"), header(e, "cursor")));
        operation("webhook-delivery", reads, 200, e -> admin.get(principal(e), header(e, "id")));
        operation("webhook-delivery-replay", changes, 200, e -> admin.replay(principal(e), header(e, "id")));
        operation("webhook-deliveries-replay", changes, 200, e -> admin.replayRange(principal(e), body(e)));
    }
    // spotless:on
}
