package ke.onpoint.pay.refund;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.IdempotencyKeys;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/** {@code POST /payments/refund} (API key with {@code refunds:write}, or an owner's or developer's login; Idempotency-Key honoured). */
@Component
public class RefundApiRoutes extends ApiRouteBuilder {

    static final String REFUND = "direct:payments-refund";

    private final Callers callers;
    private final RefundService refunds;

    public RefundApiRoutes(
            Callers callers,
            ApiMessages messages,
            ApiJson json,
            IdempotencyKeys idempotencyKeys,
            RefundService refunds) {
        super(messages, json, idempotencyKeys);
        this.callers = callers;
        this.refunds = refunds;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/payments").post("/refund").id("rest-payments-refund")
                .description("Refund a completed card payment, fully or partly").consumes("application/json")
                .produces("application/json").to(REFUND);

        idempotentOperation("payments-refund", e -> callers.keyOrUser(e, Permissions.REFUNDS_WRITE), RefundService::parse)
                .process(e -> e.getMessage().setBody(refunds.request(principal(e),
                        e.getMessage().getBody(RefundService.RefundRequest.class), () -> keepAnswer(e))))
                    .id("payments-refund-operate")
                .process(e -> messages.respond(e, 201, e.getMessage().getBody())).id("payments-refund-answer");
    }
    // spotless:on
}
