package ke.onpoint.pay.settlement;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends queued payouts, on every instance: a batch is claimed and marked {@code sending} in a transaction of its own
 * ({@code FOR UPDATE SKIP LOCKED}: two instances never take the same payout), then each goes to its rail and the
 * answer is recorded. A failure or a crash after the claim leaves the payout {@code sending}, for
 * {@link PayoutRecoveryRoutes} to ask the provider about: nothing here ever sends a payout twice.
 */
@Component
public class PayoutDispatchRoutes extends RouteBuilder {

    static final String SEND_ONE = "direct:payout-send";

    private final PayoutDelivery delivery;
    private final PayoutProperties properties;

    public PayoutDispatchRoutes(PayoutDelivery delivery, PayoutProperties properties) {
        this.delivery = delivery;
        this.properties = properties;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        from("timer:payout-dispatch?delay=2000&period=" + properties.dispatchInterval().toMillis()).routeId("payout-dispatch")
                .process(e -> e.getMessage().setBody(delivery.claimQueued()))
                .filter(simple("${body.size} > 0"))
                    .log(LoggingLevel.INFO, "Sending ${body.size} queued payouts")
                    .split(body())
                        .to(SEND_ONE)
                    .end()
                .end();

        from(SEND_ONE).routeId("payout-send")
                .doTry()
                    .process(e -> delivery.send(e.getMessage().getBody(Payout.class)))
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "Payout ${body.reference} left sending after ${exception.message}; "
                            + "its provider is asked about it, it is not sent again")
                .end();
    }
    // spotless:on
}
