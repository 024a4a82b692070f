package ke.onpoint.pay.mpesa;

import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.APPLIED;
import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.IGNORED;
import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.REJECTED;
import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.UNMATCHED;

import java.util.Map;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import ke.onpoint.pay.payment.RefundAnswer;
import ke.onpoint.pay.refund.RefundService;
import ke.onpoint.pay.security.CallbackSources;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Daraja's asynchronous answers: {@code POST /api/v1/payments/mpesa/result/<kind>/<token>} (the Result) and
 * {@code /timeout/<kind>/<token>} (QueueTimeOutURL). Like STK callbacks they are unsigned: the URL token and the
 * source allow-list admit them. A reversal's Result finishes its refund once (0 and R000001 "already reversed" mean
 * the money went back); a redelivered Result finds the refund finished and changes nothing. A timeout leaves the
 * refund pending; the reconciliation schedule sends the reversal again.
 */
@Component
public class DarajaResultRoutes extends RouteBuilder {

    static final String RESULT = "direct:mpesa-result";
    static final String TIMEOUT = "direct:mpesa-timeout";
    private static final Map<String, Object> ACK = Map.of("ResultCode", 0, "ResultDesc", "Accepted");
    private static final String PAYLOAD = "resultPayload";
    private static final String SOURCE = "resultSource";

    private final DarajaProperties daraja;
    private final RefundService refunds;
    private final TransactionStatusQueries statusQueries;
    private final ProviderCallbacks records;
    private final ApiMessages messages;
    private final ApiJson json;

    public DarajaResultRoutes(DarajaProperties daraja, RefundService refunds, TransactionStatusQueries statusQueries,
            ProviderCallbacks records, ApiMessages messages, ApiJson json) {
        this.daraja = daraja;
        this.refunds = refunds;
        this.statusQueries = statusQueries;
        this.records = records;
        this.messages = messages;
        this.json = json;
    }

    @Override
    public void configure() {
        rest("/payments/mpesa").description("Daraja results of reversals and status queries (token in the URL)")
                .post("/result/{kind}/{token}").id("rest-mpesa-result").consumes("application/json").to(RESULT)
                .post("/timeout/{kind}/{token}").id("rest-mpesa-timeout").consumes("application/json").to(TIMEOUT);

        from(RESULT).routeId("mpesa-result").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(this::admit)
                .process(this::applyResult)
                .process(e -> messages.respond(e, 200, ACK));

        from(TIMEOUT).routeId("mpesa-timeout").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(this::admit)
                .process(e -> {
                    DarajaResult timeout = DarajaResult.parse(json.readObject(e.getProperty(PAYLOAD, String.class)));
                    boolean status = TransactionStatusQueries.KIND.equals(kind(e)) && statusQueries.timedOut(timeout.conversationId());
                    record(e, kind(e) + "_timeout", timeout.conversationId(), status ? APPLIED : IGNORED,
                            status ? "status query timed out" : "queue timeout: sent again on the reconciliation schedule");
                })
                .process(e -> messages.respond(e, 200, ACK));
    }

    private void admit(Exchange exchange) {
        String source = CallbackSources.remoteAddress(exchange);
        exchange.setProperty(SOURCE, source);
        String payload = messages.requestBody(exchange);
        exchange.setProperty(PAYLOAD, payload);
        if (!CallbackSources.secretMatches(exchange.getMessage().getHeader("token", String.class), daraja.callbackToken())) {
            record(exchange, "result", null, REJECTED, "missing or wrong callback token");
            throw ApiProblem.unauthorized("This result URL is not valid");
        }
        if (!CallbackSources.allowed(daraja.callbackAllowedIps(), source)) {
            record(exchange, "result", null, REJECTED, "source address " + source + " is not allow-listed");
            throw ApiProblem.forbidden("Results are not accepted from this address");
        }
        try {
            DarajaResult.parse(json.readObject(payload));
        } catch (StkCallbackParser.MalformedCallback | ApiProblem e) {
            record(exchange, "result", null, REJECTED, e.getMessage());
            throw e instanceof ApiProblem problem ? problem : ApiProblem.malformed(e.getMessage());
        }
    }

    private void applyResult(Exchange exchange) {
        DarajaResult result = DarajaResult.parse(json.readObject(exchange.getProperty(PAYLOAD, String.class)));
        if (TransactionStatusQueries.KIND.equals(kind(exchange))) {
            record(exchange, "status_result", result.conversationId(), statusQueries.answer(result) ? APPLIED : IGNORED,
                    "ResultCode " + result.resultCode() + ", TransactionStatus " + result.parameters().get("TransactionStatus"));
            return;
        }
        if (!MpesaReversals.KIND.equals(kind(exchange))) {
            record(exchange, kind(exchange) + "_result", result.conversationId(), IGNORED, "result kind not handled");
            return;
        }
        boolean reversed = result.succeeded() || "R000001".equals(result.resultCode());
        RefundAnswer answer = new RefundAnswer(reversed ? RefundAnswer.Status.PROCESSED : RefundAnswer.Status.FAILED,
                result.conversationId(), result.resultDesc(), reversed ? null : result.resultCode());
        boolean applied = refunds.fromProcessor(StkCallbacks.PROVIDER, answer);
        String occasion = result.references().get("Occasion");
        if (!applied && occasion != null) {
            applied = refunds.fromPaymentReference(StkCallbacks.PROVIDER, occasion, answer);
        }
        Outcome outcome = applied ? APPLIED : UNMATCHED;
        record(exchange, "reversal_result", result.conversationId(), outcome, "ResultCode " + result.resultCode());
    }

    private static String kind(Exchange exchange) {
        return exchange.getMessage().getHeader("kind", "", String.class);
    }

    private void record(Exchange exchange, String kind, String correlation, Outcome outcome, String note) {
        records.record(StkCallbacks.PROVIDER, kind, correlation, outcome, note, exchange.getProperty(SOURCE, String.class),
                exchange.getProperty(PAYLOAD, String.class));
    }
}
