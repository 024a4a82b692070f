package ke.onpoint.pay.refund;

import java.time.Duration;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A lost {@code refund.*} webhook still ends right: on the clustered Quartz schedule, refunds a processor accepted
 * as pending are looked up with it ({@code GET /refund/:id} at Paystack) and finished by the same rules.
 */
@Component
public class RefundReconciliationRoutes extends RouteBuilder {

    private final RefundService refunds;
    private final String cron;
    private final Duration after;
    private final int batchSize;

    public RefundReconciliationRoutes(
            RefundService refunds,
            @Value("${onpoint.payments.reconcile.cron}") String cron,
            @Value("${onpoint.refunds.check-after}") Duration after,
            @Value("${onpoint.payments.reconcile.batch-size}") int batchSize) {
        this.refunds = refunds;
        this.cron = cron;
        this.after = after;
        this.batchSize = batchSize;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // deleteJob=false: one instance stopping must not delete the schedule the whole cluster shares
        from("quartz://payments/reconcile-refunds?stateful=true&deleteJob=false&cron=" + cron.trim().replace(' ', '+'))
                .routeId("refund-reconcile-pending")
                .doTry()
                    .process(e -> e.getMessage().setBody(refunds.reconcile(after, batchSize)))
                    .filter(simple("${body} > 0"))
                        .log(LoggingLevel.INFO, "${body} pending refunds reached their outcome through reconciliation")
                    .endDoTry()
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "Refund reconciliation failed: ${exception.message}; retried on the next run")
                .end();
    }
    // spotless:on
}
