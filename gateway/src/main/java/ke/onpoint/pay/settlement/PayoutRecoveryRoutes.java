package ke.onpoint.pay.settlement;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Payouts whose outcome is not recorded end right: {@code sending} ones (the instance died or the provider's answer
 * was lost between send and record) and {@code sent} ones whose result is overdue are asked about with their rail's
 * check (Daraja Transaction Status, Paystack transfer verify). Only a provider that has no record of a payout gets it
 * again, under the same reference, through the dispatch.
 */
@Component
public class PayoutRecoveryRoutes extends RouteBuilder {

    static final String CHECK_ONE = "direct:payout-check";

    private final PayoutDelivery delivery;
    private final PayoutProperties properties;

    public PayoutRecoveryRoutes(PayoutDelivery delivery, PayoutProperties properties) {
        this.delivery = delivery;
        this.properties = properties;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        long period = Math.min(properties.checkInterval().toMillis(), properties.dispatchInterval().toMillis());
        from("timer:payout-recovery?delay=3000&period=" + period).routeId("payout-recovery")
                .process(e -> e.getMessage().setBody(delivery.claimChecks()))
                .filter(simple("${body.size} > 0"))
                    .log(LoggingLevel.INFO, "Asking providers about ${body.size} payouts without a recorded outcome")
                    .split(body())
                        .to(CHECK_ONE)
                    .end()
                .end();

        from(CHECK_ONE).routeId("payout-check")
                .doTry()
                    .process(e -> delivery.check(e.getMessage().getBody(Payout.class)))
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "Payout ${body.reference} could not be checked (${exception.message}); "
                            + "asked again later")
                .end();
    }
    // spotless:on
}
