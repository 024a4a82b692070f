package ke.onpoint.pay.reconciliation;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The daily run: one clustered Quartz job per provider with an API to ask (it fires once across instances), at the
 * configured East Africa time, for the previous East Africa day. M-Pesa runs when an operator uploads its statement.
 */
@Component
public class ReconciliationRoutes extends RouteBuilder {

    private final Reconciliations reconciliations;
    private final ReconciliationProperties properties;

    public ReconciliationRoutes(Reconciliations reconciliations, ReconciliationProperties properties) {
        this.reconciliations = reconciliations;
        this.properties = properties;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        for (String provider : reconciliations.scheduled()) {
            // deleteJob=false: one instance stopping must not delete the schedule the whole cluster shares
            from("quartz://reconciliation/" + provider + "?stateful=true&deleteJob=false&trigger.timeZone=Africa/Nairobi"
                    + "&cron=" + properties.cron().trim().replace(' ', '+'))
                    .routeId("reconciliation-" + provider)
                    .doTry()
                        .process(e -> e.getMessage().setBody(
                                reconciliations.run(provider, EastAfricaDay.yesterday().date(), "schedule")))
                        .filter(simple("${body.done} == false"))
                            .log(LoggingLevel.WARN, "Reconciliation of " + provider + " failed: ${body.error}")
                        .end()
                    .endDoTry()
                    .doCatch(Exception.class)
                        .log(LoggingLevel.WARN, "Reconciliation of " + provider + " failed: ${exception.message}")
                    .end();
        }
    }
    // spotless:on
}
