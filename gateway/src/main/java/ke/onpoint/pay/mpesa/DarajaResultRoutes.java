package ke.onpoint.pay.mpesa;

import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.APPLIED;
import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.IGNORED;
import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.UNMATCHED;

import java.util.Map;

import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.PaymentReviews;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import ke.onpoint.pay.payment.RefundAnswer;
import ke.onpoint.pay.refund.RefundService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Daraja's asynchronous answers: {@code POST /api/v1/payments/mpesa/result/<kind>/<token>} (the Result) and
 * {@code /timeout/<kind>/<token>} (QueueTimeOutURL). Like STK callbacks they are unsigned: the URL token and the
 * source allow-list admit them. A reversal's Result finishes its refund once (0 and R000001 "already reversed" mean
 * the money went back); a redelivered Result finds the refund finished and changes nothing. A timeout leaves the
 * refund pending; the reconciliation schedule sends the reversal again. Payout Results (B2C, B2B, their Transaction
 * Status) and timeouts go to {@link MpesaPayoutResultRoutes}.
 */
@Component
public class DarajaResultRoutes extends RouteBuilder {

    static final String RESULT = "direct:mpesa-result";
    static final String TIMEOUT = "direct:mpesa-timeout";
    private static final String KIND = "kind";
    private static final Map<String, Object> ACK = Map.of("ResultCode", 0, "ResultDesc", "Accepted");
    private final DarajaNotifications notifications;
    private final RefundService refunds;
    private final TransactionStatusQueries statusQueries;
    private final ApiMessages messages;
    private final PaymentReviews reviews;
    private final MpesaAccountBalance balances;

    public DarajaResultRoutes(
            DarajaNotifications notifications,
            RefundService refunds,
            TransactionStatusQueries statusQueries,
            ApiMessages messages,
            PaymentReviews reviews,
            MpesaAccountBalance balances) {
        this.reviews = reviews;
        this.balances = balances;
        this.notifications = notifications;
        this.refunds = refunds;
        this.statusQueries = statusQueries;
        this.messages = messages;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/payments/mpesa").description("Daraja results of reversals and status queries (token in the URL)")
                .post("/result/{kind}/{token}").id("rest-mpesa-result").consumes("application/json").to(RESULT)
                .post("/timeout/{kind}/{token}").id("rest-mpesa-timeout").consumes("application/json").to(TIMEOUT);

        // one branch per kind of request Daraja answers, named in the URL (result/<kind>/<token>)
        from(RESULT).routeId("mpesa-result").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> e.getMessage().setBody(notifications.admit(e, "result", DarajaResult::parse)))
                .choice()
                    .when(header(KIND).isEqualTo(TransactionStatusQueries.KIND))
                        .process(this::applyStatusResult)
                    .when(header(KIND).isEqualTo(MpesaReversals.KIND))
                        .process(this::applyReversalResult)
                    .when(header(KIND).in(MpesaPayouts.B2C, MpesaPayouts.B2B))
                        .to(MpesaPayoutResultRoutes.RESULT)
                    .when(header(KIND).isEqualTo(MpesaPayoutResults.STATUS))
                        .to(MpesaPayoutResultRoutes.STATUS_RESULT)
                    .when(header(KIND).isEqualTo(MpesaAccountBalance.KIND))
                        .process(e -> record(e, "balance_result", result(e).conversationId(),
                                balances.apply(result(e)) ? APPLIED : UNMATCHED, "ResultCode " + result(e).resultCode()))
                    .otherwise()
                        .process(e -> record(e, kind(e) + "_result", result(e).conversationId(), IGNORED,
                                "result kind not handled"))
                .end()
                .process(e -> messages.respond(e, 200, ACK));

        from(TIMEOUT).routeId("mpesa-timeout").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> e.getMessage().setBody(notifications.admit(e, "result", DarajaResult::parse)))
                .filter(header(KIND).in(MpesaPayouts.B2C, MpesaPayouts.B2B))
                    .to(MpesaPayoutResultRoutes.TIMEOUT)
                    .process(e -> messages.respond(e, 200, ACK))
                    .stop()
                .end()
                .process(e -> {
                    DarajaResult timeout = e.getMessage().getBody(DarajaResult.class);
                    boolean status = TransactionStatusQueries.KIND.equals(kind(e)) && statusQueries.timedOut(timeout.conversationId());
                    record(e, kind(e) + "_timeout", timeout.conversationId(), status ? APPLIED : IGNORED,
                            status ? "status query timed out" : "queue timeout: sent again on the reconciliation schedule");
                })
                .process(e -> messages.respond(e, 200, ACK));
    }
    // spotless:on

    private void applyStatusResult(Exchange exchange) {
        DarajaResult result = result(exchange);
        java.util.Optional<String> mismatch = statusQueries.mismatch(result);
        if (mismatch.isPresent()) { // an answer about something else: kept for review, never taken as ours
            reviews.count(StkCallbacks.PROVIDER, "ANSWER_MISMATCH");
            record(exchange, "status_result", result.conversationId(), Outcome.NEEDS_REVIEW, mismatch.get());
            return;
        }
        record(
                exchange,
                "status_result",
                result.conversationId(),
                statusQueries.answer(result) ? APPLIED : IGNORED,
                "ResultCode " + result.resultCode() + ", TransactionStatus "
                        + result.parameters().get("TransactionStatus"));
    }

    private void applyReversalResult(Exchange exchange) {
        DarajaResult result = result(exchange);
        boolean reversed = result.succeeded() || "R000001".equals(result.resultCode());
        RefundAnswer answer = new RefundAnswer(
                reversed ? RefundAnswer.Status.PROCESSED : RefundAnswer.Status.FAILED,
                result.conversationId(),
                result.resultDesc(),
                reversed ? null : result.resultCode());
        boolean applied = refunds.fromProcessor(StkCallbacks.PROVIDER, answer);
        String occasion = result.references().get("Occasion");
        if (!applied && occasion != null) {
            applied = refunds.fromPaymentReference(StkCallbacks.PROVIDER, occasion, answer);
        }
        Outcome outcome = applied ? APPLIED : UNMATCHED;
        record(exchange, "reversal_result", result.conversationId(), outcome, "ResultCode " + result.resultCode());
    }

    private static DarajaResult result(Exchange exchange) {
        return exchange.getMessage().getBody(DarajaResult.class);
    }

    private static String kind(Exchange exchange) {
        return exchange.getMessage().getHeader(KIND, "", String.class);
    }

    private void record(Exchange exchange, String kind, String correlation, Outcome outcome, String note) {
        notifications.record(exchange, kind, correlation, outcome, note);
    }
}
