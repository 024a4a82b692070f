package ke.onpoint.pay.mpesa;

import static ke.onpoint.pay.payment.ProviderCallbacks.Outcome.REJECTED;

import java.util.Map;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.ProcessedMessages;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.security.CallbackSources;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Safaricom's STK Push result: {@code POST /api/v1/payments/mpesa/callback/<token>}.
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
    private static final String PAYLOAD = "callbackPayload";
    private static final String SOURCE = "callbackSource";
    private static final Map<String, Object> ACK = Map.of("ResultCode", 0, "ResultDesc", "Accepted");
    private static final Logger log = LoggerFactory.getLogger(StkCallbackRoutes.class);

    private final DarajaProperties daraja;
    private final StkCallbacks callbacks;
    private final ProviderCallbacks records;
    private final ApiMessages messages;
    private final ApiJson json;
    private final JdbcTemplate jdbc;

    public StkCallbackRoutes(DarajaProperties daraja, StkCallbacks callbacks, ProviderCallbacks records,
            ApiMessages messages, ApiJson json, JdbcTemplate jdbc) {
        this.daraja = daraja;
        this.callbacks = callbacks;
        this.records = records;
        this.messages = messages;
        this.json = json;
        this.jdbc = jdbc;
    }

    @Override
    public void configure() {
        rest("/payments/mpesa").description("Safaricom Daraja callbacks (no credentials; token in the URL)")
                .post("/callback").id("rest-mpesa-stk-callback").to(CALLBACK)
                .post("/callback/{token}").id("rest-mpesa-stk-callback-token").to(CALLBACK);

        from(CALLBACK).routeId("mpesa-stk-callback").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(this::admit)
                .process(this::parse)
                .to(APPLY)
                .process(e -> messages.respond(e, 200, ACK));

        from(APPLY).routeId("mpesa-stk-callback-apply")
                .transacted()
                .idempotentConsumer(simple("${body.checkoutRequestId}"),
                                new ProcessedMessages(jdbc, "mpesa-stk-callback"))
                        .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                            .process(e -> callbacks.recordDuplicate(e.getMessage().getBody(StkResult.class),
                                    e.getProperty(PAYLOAD, String.class), e.getProperty(SOURCE, String.class)))
                        .otherwise()
                            .process(e -> callbacks.applyCallback(e.getMessage().getBody(StkResult.class),
                                    e.getProperty(PAYLOAD, String.class), e.getProperty(SOURCE, String.class)))
                    .end()
                .end();
    }

    /** Token and source address, checked before the body is even read. */
    private void admit(Exchange exchange) {
        String source = CallbackSources.remoteAddress(exchange);
        exchange.setProperty(SOURCE, source);
        String token = exchange.getMessage().getHeader("token", String.class);
        if (!CallbackSources.secretMatches(token, daraja.callbackToken())) {
            reject(exchange, "missing or wrong callback token");
            throw ApiProblem.unauthorized("This callback URL is not valid");
        }
        if (!CallbackSources.allowed(daraja.callbackAllowedIps(), source)) {
            reject(exchange, "source address " + source + " is not allow-listed");
            throw ApiProblem.forbidden("Callbacks are not accepted from this address");
        }
    }

    private void parse(Exchange exchange) {
        String payload = messages.requestBody(exchange);
        exchange.setProperty(PAYLOAD, payload);
        try {
            exchange.getMessage().setBody(StkCallbackParser.parse(json.readObject(payload)));
        } catch (StkCallbackParser.MalformedCallback | ApiProblem e) {
            reject(exchange, e.getMessage());
            throw e instanceof ApiProblem problem ? problem : ApiProblem.malformed(e.getMessage());
        }
    }

    private void reject(Exchange exchange, String why) {
        log.warn("STK callback from {} rejected: {}", exchange.getProperty(SOURCE), why);
        String payload = exchange.getProperty(PAYLOAD, String.class);
        records.record(StkCallbacks.PROVIDER, "stk_callback", null, REJECTED, why, exchange.getProperty(SOURCE, String.class),
                payload == null ? "" : payload);
    }
}
