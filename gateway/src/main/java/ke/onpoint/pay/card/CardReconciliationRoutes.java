package ke.onpoint.pay.card;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentOutcome;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentTransitions;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A lost webhook still ends right: on the clustered Quartz schedule, pending card payments are verified with the
 * processor that took them and settled by the same rules as a webhook; a checkout nobody completed within the
 * abandon window expires.
 */
@Component
public class CardReconciliationRoutes extends RouteBuilder {

    private static final String RECONCILE_ONE = "direct:card-reconcile-payment";
    private static final String PAYMENT = "payment";

    private final Map<String, CardProcessor> processors;
    private final PaymentRepository payments;
    private final PaymentTransitions transitions;
    private final CardOutcomes outcomes;
    private final TransactionTemplate transactions;
    private final String cron;
    private final Duration queryInterval;
    private final Duration abandonAfter;
    private final int batchSize;

    public CardReconciliationRoutes(
            List<CardProcessor> processors,
            PaymentRepository payments,
            PaymentTransitions transitions,
            CardOutcomes outcomes,
            TransactionTemplate transactions,
            CardProperties cards,
            @Value("${onpoint.payments.reconcile.cron}") String cron,
            @Value("${onpoint.payments.reconcile.query-interval}") Duration queryInterval,
            @Value("${onpoint.payments.reconcile.batch-size}") int batchSize) {
        this.processors = processors.stream().collect(Collectors.toMap(CardProcessor::name, Function.identity()));
        this.payments = payments;
        this.transitions = transitions;
        this.outcomes = outcomes;
        this.transactions = transactions;
        this.cron = cron;
        this.queryInterval = queryInterval;
        this.abandonAfter = cards.abandonAfter();
        this.batchSize = batchSize;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // deleteJob=false: one instance stopping must not delete the schedule the whole cluster shares
        from("quartz://payments/reconcile-cards?stateful=true&deleteJob=false&cron=" + cron.trim().replace(' ', '+'))
                .routeId("card-reconcile-pending")
                .process(e -> e.getMessage().setBody(processors.keySet().stream()
                        .flatMap(name -> payments.claimDueChecks(name, batchSize, queryInterval).stream()).toList()))
                .split(body())
                    .to(RECONCILE_ONE)
                .end();

        from(RECONCILE_ONE).routeId("card-reconcile-payment")
                .setProperty(PAYMENT, body())
                .doTry()
                    .process(this::reconcile)
                .doCatch(Exception.class)
                    .log(LoggingLevel.WARN, "Verifying card payment ${exchangeProperty.payment.reference} failed: "
                            + "${exception.message}; it is verified again on the next run")
                .end();
    }
    // spotless:on

    private void reconcile(Exchange exchange) {
        Payment payment = exchange.getProperty(PAYMENT, Payment.class);
        CardVerification verification = processors.get(payment.provider()).verify(payment);
        Outcome outcome = outcomes.apply(payment.reference(), verification);
        if (outcome == Outcome.APPLIED || outcome == Outcome.NEEDS_REVIEW) {
            outcomes.record(
                    payment.provider(),
                    "reconciliation",
                    payment.reference(),
                    outcome,
                    "verify said " + verification.outcome(),
                    null,
                    "{}");
            return;
        }
        if (payment.createdAt().plus(abandonAfter).isBefore(Instant.now())) {
            transactions.executeWithoutResult(tx -> transitions.apply(
                    payment,
                    PaymentOutcome.failed(
                            PaymentStatus.EXPIRED,
                            "ABANDONED",
                            "The customer did not complete the card checkout within " + abandonAfter.toMinutes()
                                    + " minutes")));
        }
    }
}
