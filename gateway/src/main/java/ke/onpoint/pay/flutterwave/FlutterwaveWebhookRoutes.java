package ke.onpoint.pay.flutterwave;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.card.CardEventRoutes;
import ke.onpoint.pay.card.CardWebhooks;
import ke.onpoint.pay.security.CallbackSources;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Flutterwave's webhook: {@code verif-hash} is the plain secret hash set in its dashboard (v3 does not sign),
 * so the event is only a hint; {@code charge.completed} goes to the shared card payment event route, which
 * verifies with Flutterwave's API before applying anything.
 */
@Component
public class FlutterwaveWebhookRoutes extends RouteBuilder {

    static final String WEBHOOK = "direct:flutterwave-webhook";
    private static final String EVENT = "flutterwaveEvent";

    private final FlutterwaveProperties flutterwave;
    private final CardWebhooks webhooks;

    public FlutterwaveWebhookRoutes(FlutterwaveProperties flutterwave, CardWebhooks webhooks) {
        this.flutterwave = flutterwave;
        this.webhooks = webhooks;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/payments/flutterwave").post("/webhook").id("rest-flutterwave-webhook")
                .description("Flutterwave events, with the verif-hash header").to(WEBHOOK);

        from(WEBHOOK).routeId("flutterwave-webhook").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> e.setProperty(EVENT, webhooks.admit(e, FlutterwaveProcessor.NAME,
                        flutterwave.webhookAllowedIps(), raw -> CallbackSources.secretMatches(
                                e.getMessage().getHeader("verif-hash", String.class), flutterwave.webhookHash()))))
                .choice()
                    .when(exchangeProperty(CardWebhooks.EVENT_TYPE).isEqualTo("charge.completed"))
                        .process(this::paymentEvent)
                        .to(CardEventRoutes.PAYMENT_EVENT)
                    .otherwise()
                        .process(e -> webhooks.ignore(e, "webhook", null, "event not handled"))
                .end()
                .process(webhooks::acknowledge);
    }
    // spotless:on

    private void paymentEvent(Exchange exchange) {
        exchange.setProperty(
                CardEventRoutes.REFERENCE,
                exchange.getProperty(EVENT, JsonNode.class)
                        .path("data")
                        .path("tx_ref")
                        .asText());
    }
}
