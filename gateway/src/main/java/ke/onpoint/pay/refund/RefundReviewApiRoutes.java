package ke.onpoint.pay.refund;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/**
 * The gateway's staff and the refunds held for review ({@link RefundReviews}): {@code GET /admin/refunds} lists them,
 * {@code POST /admin/refunds/{reference}/resolve} records the verdict.
 */
@Component
public class RefundReviewApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final RefundReviews reviews;

    public RefundReviewApiRoutes(ApiMessages messages, ApiJson json, Callers callers, RefundReviews reviews) {
        super(messages, json);
        this.callers = callers;
        this.reviews = reviews;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/admin/refunds").description("The gateway's staff: refunds held for review")
                .get().id("rest-admin-refund-reviews").to("direct:admin-refund-reviews")
                .post("/{reference}/resolve").id("rest-admin-refund-resolve").consumes("application/json")
                    .to("direct:admin-refund-resolve");

        Admission admin = e -> callers.user(e, Permissions.ADMIN);
        operation("admin-refund-reviews", admin, 200, e -> reviews.page(header(e, "limit"), header(e, "cursor")));
        operation("admin-refund-resolve", admin, 200,
                e -> reviews.resolve(principal(e), header(e, "reference"), body(e)));
    }
    // spotless:on
}
