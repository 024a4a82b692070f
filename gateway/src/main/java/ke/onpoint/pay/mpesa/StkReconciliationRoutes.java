package ke.onpoint.pay.mpesa;

import java.time.Duration;
import java.time.Instant;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentOutcome;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentReviews;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentTransitions;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A lost or late callback still ends right: on a clustered Quartz schedule (one firing across all instances),
 * pending M-Pesa payments whose check is due are asked about with STK Query. "Being processed" leaves them pending
 * until the expiry window has passed; a final answer is applied exactly like a callback.
 */
@Component
public class StkReconciliationRoutes extends RouteBuilder {

    private static final String RECONCILE_ONE = "direct:mpesa-reconcile-payment";
    private static final String PAYMENT = "payment";

    private final PaymentRepository payments;
    private final PaymentTransitions transitions;
    private final PaymentReviews reviews;
    private final TransactionTemplate transactions;
    private final String cron;
    private final Duration queryInterval;
    private final Duration expireAfter;
    private final int batchSize;

    public StkReconciliationRoutes(
            PaymentRepository payments,
            PaymentTransitions transitions,
            PaymentReviews reviews,
            TransactionTemplate transactions,
            @Value("${onpoint.payments.reconcile.cron}") String cron,
            @Value("${onpoint.payments.reconcile.query-interval}") Duration queryInterval,
            @Value("${onpoint.payments.reconcile.expire-after}") Duration expireAfter,
            @Value("${onpoint.payments.reconcile.batch-size}") int batchSize) {
        this.payments = payments;
        this.transitions = transitions;
        this.reviews = reviews;
        this.transactions = transactions;
        this.cron = cron;
        this.queryInterval = queryInterval;
        this.expireAfter = expireAfter;
        this.batchSize = batchSize;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // deleteJob=false: one instance stopping must not delete the schedule the whole cluster shares
        from("quartz://payments/reconcile-pending?stateful=true&deleteJob=false&cron=" + cron.trim().replace(' ', '+'))
                .routeId("mpesa-reconcile-pending")
                .process(e -> e.getMessage().setBody(payments.claimDueChecks(StkCallbacks.PROVIDER, batchSize, queryInterval)))
                .filter(simple("${body.size} > 0"))
                    .log(LoggingLevel.DEBUG, "Reconciling ${body.size} pending M-Pesa payments")
                    .split(body())
                        .to(RECONCILE_ONE)
                    .end()
                .end();

        from(RECONCILE_ONE).routeId("mpesa-reconcile-payment")
                .setProperty(PAYMENT, body())
                .choice()
                    .when(simple("${body.checkoutRequestId} == null"))
                        .process(this::expireIfOverdue)
                    .otherwise()
                        .doTry()
                            .to(StkPushRoutes.QUERY)
                            .process(this::applyQueryResult)
                        .doCatch(StkPushRoutes.StkAnswerMismatch.class)
                            .process(this::refuseAnswer)
                            .process(this::expireIfOverdue)
                        .doCatch(Exception.class)
                            .log(LoggingLevel.WARN, "STK Query for ${exchangeProperty.payment.reference} failed: "
                                    + "${exception.message}; it is asked again on the next run")
                            .process(this::expireIfOverdue)
                        .end()
                .end();
    }
    // spotless:on

    private void applyQueryResult(Exchange exchange) {
        Payment payment = exchange.getProperty(PAYMENT, Payment.class);
        StkResult result = exchange.getMessage().getBody(StkResult.class);
        if (result == null) {
            expireIfOverdue(exchange);
            return;
        }
        transactions.executeWithoutResult(tx -> transitions
                .apply(payment, result.toOutcome())
                .ifPresent(p -> log.info(
                        "Payment {} is {} after STK Query (result {})",
                        p.reference(),
                        p.status().code(),
                        result.resultCode())));
    }

    /** An answer about another request is kept for review and changes nothing; the payment is asked again. */
    private void refuseAnswer(Exchange exchange) {
        Payment payment = exchange.getProperty(PAYMENT, Payment.class);
        StkPushRoutes.StkAnswerMismatch mismatch =
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, StkPushRoutes.StkAnswerMismatch.class);
        reviews.refuse(
                StkCallbacks.PROVIDER,
                "stk_query",
                mismatch.asked(),
                "ANSWER_MISMATCH",
                payment.reference() + ": " + mismatch.getMessage(),
                mismatch.answer());
    }

    /**
     * No result from M-Pesa within the window (or the push was never confirmed): the payment expires, also when the
     * query itself keeps failing, with the last failure in its reason. A genuine success arriving later still
     * completes it ({@link PaymentOutcome#NO_ANSWER_CODES}).
     */
    private void expireIfOverdue(Exchange exchange) {
        Payment payment = exchange.getProperty(PAYMENT, Payment.class);
        if (payment.createdAt().plus(expireAfter).isAfter(Instant.now())) {
            return;
        }
        String code = payment.checkoutRequestId() == null ? "PUSH_NOT_CONFIRMED" : "NO_RESULT";
        Exception queryError = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = "No result from M-Pesa within " + window()
                + (queryError == null ? "" : "; last STK Query error: " + describe(queryError));
        transactions.executeWithoutResult(
                tx -> transitions.apply(payment, PaymentOutcome.failed(PaymentStatus.EXPIRED, code, reason)));
    }

    /** Daraja's and the network's own words; anything else (our own failure) only by its type, never its data. */
    private static String describe(Exception error) {
        boolean darajas = error instanceof DarajaApiException
                || error instanceof DarajaUnavailableException
                || error instanceof StkPushRoutes.StkAnswerMismatch
                || error instanceof java.io.IOException;
        return darajas ? error.getMessage() : error.getClass().getSimpleName();
    }

    private String window() {
        return expireAfter.toSeconds() % 60 == 0
                ? expireAfter.toMinutes() + " minutes"
                : expireAfter.toSeconds() + " seconds";
    }
}
