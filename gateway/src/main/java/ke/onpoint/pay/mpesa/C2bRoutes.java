package ke.onpoint.pay.mpesa;

import java.util.LinkedHashMap;
import java.util.Map;

import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.ProcessedMessages;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Customer-initiated M-Pesa payments (paybill/till).
 *
 * <p>Validation ({@code /payments/mpesa/validation/<token>}) must answer within Safaricom's ~8 s: the rules live in
 * {@code routes/c2b-validation.yaml} (route {@code c2b-validation-rules}) so an integration engineer can change them
 * without a rebuild; they run under a timeout, and a rule that fails or is too slow gets the configured default.
 * Confirmation ({@code /payments/mpesa/confirmation/<token>}) records the money once per TransID.
 */
@Component
public class C2bRoutes extends RouteBuilder {

    static final String VALIDATION = "direct:mpesa-c2b-validation";
    static final String CONFIRMATION = "direct:mpesa-c2b-confirmation";
    static final String RULES = "direct:c2b-validation-rules";
    /** Set by the rules: "0" to accept, or Safaricom's rejection code C2B00011…C2B00016. */
    static final String DECISION = "c2bDecision";

    private static final String CONFIRM = "direct:mpesa-c2b-confirmation-apply";
    private static final String PAYLOAD = DarajaNotifications.PAYLOAD;
    private static final String SOURCE = DarajaNotifications.SOURCE;

    private final DarajaNotifications notifications;
    private final C2bProperties c2b;
    private final C2bPayments payments;
    private final ApiMessages messages;
    private final JdbcTemplate jdbc;

    public C2bRoutes(
            DarajaNotifications notifications,
            C2bProperties c2b,
            C2bPayments payments,
            ApiMessages messages,
            JdbcTemplate jdbc) {
        this.notifications = notifications;
        this.c2b = c2b;
        this.payments = payments;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/payments/mpesa").description("Safaricom C2B notifications (token in the URL): the seed's paths")
                .post("/validation/{token}").id("rest-mpesa-c2b-validation").consumes("application/json").to(VALIDATION)
                .post("/confirmation/{token}").id("rest-mpesa-c2b-confirmation").consumes("application/json").to(CONFIRMATION);
        // Safaricom refuses C2B URLs containing "mpesa" (or safaricom, exe, cmd, sql, query): these are registered
        rest("/payments/c2b").description("Safaricom C2B notifications, at paths Daraja accepts for registration")
                .post("/validation/{token}").id("rest-c2b-validation").consumes("application/json").to(VALIDATION)
                .post("/confirmation/{token}").id("rest-c2b-confirmation").consumes("application/json").to(CONFIRMATION);

        String fallback = c2b.acceptByDefault() ? "0" : "C2B00016";
        from(VALIDATION).routeId("mpesa-c2b-validation").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(this::admit)
                .circuitBreaker().id("c2b-rules")
                    .resilience4jConfiguration()
                        .timeoutEnabled(true).timeoutDuration((int) c2b.rulesTimeout().toMillis())
                        .minimumNumberOfCalls(20).failureRateThreshold(90)
                    .end()
                    .to(RULES)
                .onFallback()
                    .log(LoggingLevel.WARN, "C2B validation rules failed or were too slow for ${exchangeProperty."
                            + PAYLOAD + "}: answering the default " + fallback)
                    .setHeader(DECISION, constant(fallback))
                .end()
                .process(this::answerValidation);

        from(CONFIRMATION).routeId("mpesa-c2b-confirmation").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(this::admit)
                .to(CONFIRM)
                .process(e -> messages.respond(e, 200, Map.of("ResultCode", 0, "ResultDesc", "Success")));

        from(CONFIRM).routeId("mpesa-c2b-confirmation-apply")
                .transacted()
                .idempotentConsumer(simple("${body.transId}"), new ProcessedMessages(jdbc, "mpesa-c2b-confirmation"))
                        .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                            .process(e -> record(e, "c2b_confirmation", e.getMessage().getBody(C2bNotification.class).transId(),
                                    Outcome.DUPLICATE, "TransID already recorded"))
                        .otherwise()
                            .process(e -> payments.confirm(e.getMessage().getBody(C2bNotification.class),
                                    e.getProperty(PAYLOAD, String.class), e.getProperty(SOURCE, String.class)))
                    .end()
                .end();
    }
    // spotless:on

    /** The rules see the account and amount as headers; nothing the caller sent travels on. */
    private void admit(Exchange exchange) {
        C2bNotification notification = notifications.admit(exchange, "c2b", C2bNotification::parse);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("c2bAccount", notification.account());
        message.setHeader("c2bAmount", notification.amount());
        message.setHeader("c2bTransactionType", notification.transactionType());
        message.setBody(notification);
    }

    private void answerValidation(Exchange exchange) {
        C2bNotification notification = exchange.getMessage().getBody(C2bNotification.class);
        String decision = exchange.getMessage().getHeader(DECISION, "C2B00016", String.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ResultCode", decision);
        answer.put("ResultDesc", "0".equals(decision) ? "Accepted" : "Rejected");
        record(
                exchange,
                "c2b_validation",
                notification.transId(),
                "0".equals(decision) ? Outcome.APPLIED : Outcome.IGNORED,
                "0".equals(decision) ? "accepted" : "rejected " + decision);
        messages.respond(exchange, 200, answer);
    }

    private void record(Exchange exchange, String kind, String correlation, Outcome outcome, String note) {
        notifications.record(exchange, kind, correlation, outcome, note);
    }
}
