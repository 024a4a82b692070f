package ke.onpoint.pay.refund;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.IdempotencyKeys;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code POST /payments/refund} (API key with {@code refunds:write}, or an owner's or developer's login; Idempotency-Key honoured). */
@Component
public class RefundApiRoutes extends RouteBuilder {

    static final String REFUND = "direct:payments-refund";

    private final Callers callers;
    private final ApiMessages messages;
    private final ApiJson json;
    private final IdempotencyKeys idempotencyKeys;
    private final RefundService refunds;

    public RefundApiRoutes(Callers callers, ApiMessages messages, ApiJson json,
            IdempotencyKeys idempotencyKeys, RefundService refunds) {
        this.callers = callers;
        this.messages = messages;
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
        this.refunds = refunds;
    }

    @Override
    public void configure() {
        rest("/payments").post("/refund").id("rest-payments-refund")
                .description("Refund a completed card payment, fully or partly").consumes("application/json")
                .produces("application/json").to(REFUND);

        from(REFUND).routeId("payments-refund").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.keyOrUser(e, Permissions.REFUNDS_WRITE))
                .process(this::refund);
    }

    private void refund(Exchange exchange) {
        MerchantPrincipal merchant = exchange.getProperty(MerchantPrincipal.PROPERTY, MerchantPrincipal.class);
        String body = messages.requestBody(exchange);
        if (idempotencyKeys.claimOrReplay(exchange, merchant, body)) {
            return;
        }
        RefundView refund = refunds.request(merchant, json.readObject(body),
                () -> exchange.setProperty(IdempotencyKeys.KEEP_ANSWER, true));
        messages.respond(exchange, 201, refund);
    }
}
