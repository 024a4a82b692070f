package ke.onpoint.pay.payment;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/**
 * The gateway's staff and the provider callbacks awaiting a person ({@link CallbackReviews}), as the operator console
 * shows them: {@code GET /admin/callbacks} ({@code status} awaiting, resolved or rejected; {@code provider}; paged),
 * {@code GET /admin/callbacks/{id}} with the kept payload and the payment it names, and
 * {@code POST /admin/callbacks/{id}/resolve} with a note.
 */
@Component
public class CallbackReviewApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final CallbackReviews reviews;

    public CallbackReviewApiRoutes(ApiMessages messages, ApiJson json, Callers callers, CallbackReviews reviews) {
        super(messages, json);
        this.callers = callers;
        this.reviews = reviews;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/admin/callbacks").description("The gateway's staff: provider callbacks awaiting review")
                .get().id("rest-admin-callbacks").to("direct:admin-callbacks")
                .get("/{id}").id("rest-admin-callback").to("direct:admin-callback")
                .post("/{id}/resolve").id("rest-admin-callback-resolve").consumes("application/json")
                    .to("direct:admin-callback-resolve");

        Admission admin = e -> callers.user(e, Permissions.ADMIN);
        operation("admin-callbacks", admin, 200, e -> reviews.page(
                header(e, "status"), header(e, "provider"), header(e, "limit"), header(e, "cursor")));
        operation("admin-callback", admin, 200, e -> reviews.get(header(e, "id")));
        operation("admin-callback-resolve", admin, 200, e -> reviews.resolve(principal(e), header(e, "id"), body(e)));
    }
    // spotless:on
}
