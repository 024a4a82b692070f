package ke.onpoint.pay.mpesa;

import java.util.Map;

import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.ProcessedMessages;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Safaricom's STK Push result: {@code POST /api/v1/payments/mpesa/callback/<payment reference>/<token>} (and
 * {@code .../callback/<token>}, the URL of pushes sent before the reference was part of it).
 *
 * <p>Daraja callbacks are unsigned, so the URL carries a secret token and the source address may be allow-listed.
 * The result is applied exactly once: an idempotent consumer on CheckoutRequestID, backed by PostgreSQL and inside
 * the same transaction as the state change, turns a redelivery into a recorded duplicate. Safaricom always gets a
 * quick 200 for anything it should not retry.
 */
@Component
public class StkCallbackRoutes extends RouteBuilder {

    static final String CALLBACK = "direct:mpesa-stk-callback";
    private static final String APPLY = "direct:mpesa-stk-callback-apply";
    private static final String PAYLOAD = DarajaNotifications.PAYLOAD;
    private static final String SOURCE = DarajaNotifications.SOURCE;
    private static final Map<String, Object> ACK = Map.of("ResultCode", 0, "ResultDesc", "Accepted");

    private final DarajaNotifications notifications;
    private final StkCallbacks callbacks;
    private final ApiMessages messages;
    private final JdbcTemplate jdbc;

    public StkCallbackRoutes(
            DarajaNotifications notifications, StkCallbacks callbacks, ApiMessages messages, JdbcTemplate jdbc) {
        this.notifications = notifications;
        this.callbacks = callbacks;
        this.messages = messages;
        this.jdbc = jdbc;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // the path without a token is refused (401, counted) rather than 404: a token in its query or headers never counts
        rest("/payments/mpesa").description("Safaricom Daraja callbacks (no credentials; token in the URL path)")
                .post("/callback").id("rest-mpesa-stk-callback").to(CALLBACK)
                .post("/callback/{token}").id("rest-mpesa-stk-callback-token").to(CALLBACK)
                // the CallBackURL of every push names its payment (DarajaProperties#stkCallbackUrl)
                .post("/callback/{reference}/{token}").id("rest-mpesa-stk-callback-payment").to(CALLBACK);

        from(CALLBACK).routeId("mpesa-stk-callback").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> e.getMessage().setBody(notifications.admit(e, "stk_callback", StkCallbackParser::parse)))
                .to(APPLY)
                .process(e -> messages.respond(e, 200, ACK));

        // the key read by a typed getter: simple("${body.checkoutRequestId}") built a bean expression and looked the
        // getter up by reflection on every callback (about 4 % of the gateway's CPU per callback, bench/callbacks.sh)
        from(APPLY).routeId("mpesa-stk-callback-apply")
                .transacted()
                .idempotentConsumer().body(StkResult.class, StkResult::checkoutRequestId)
                        .idempotentRepository(new ProcessedMessages(jdbc, "mpesa-stk-callback"))
                        .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                            .process(e -> callbacks.recordDuplicate(e.getMessage().getBody(StkResult.class),
                                    e.getProperty(PAYLOAD, String.class), e.getProperty(SOURCE, String.class)))
                        .otherwise()
                            .process(e -> callbacks.applyCallback(e.getMessage().getBody(StkResult.class),
                                    e.getMessage().getHeader("reference", String.class),
                                    e.getProperty(PAYLOAD, String.class), e.getProperty(SOURCE, String.class)))
                    .end()
                .end();
    }
    // spotless:on

}
