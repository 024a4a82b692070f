package ke.onpoint.pay.paystack;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.card.CardEventRoutes;
import ke.onpoint.pay.card.CardWebhooks;
import ke.onpoint.pay.payment.RefundAnswer;
import ke.onpoint.pay.refund.RefundService;
import ke.onpoint.pay.security.CallbackSources;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Paystack's webhook: {@code x-paystack-signature} (HMAC-SHA512 of the raw body with the secret key) is checked
 * before anything else. {@code charge.success} goes to the shared card payment event route (verify, then apply
 * once); {@code refund.processed|failed} finish the refund they name; {@code transfer.*} go to the payout they name
 * ({@link PaystackTransferEventRoutes}).
 */
@Component
public class PaystackWebhookRoutes extends RouteBuilder {

    static final String WEBHOOK = "direct:paystack-webhook";
    private static final String EVENT = PaystackTransferEventRoutes.EVENT;

    private final PaystackProperties paystack;
    private final CardWebhooks webhooks;
    private final RefundService refunds;

    public PaystackWebhookRoutes(PaystackProperties paystack, CardWebhooks webhooks, RefundService refunds) {
        this.paystack = paystack;
        this.webhooks = webhooks;
        this.refunds = refunds;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/payments/paystack").post("/webhook").id("rest-paystack-webhook")
                .description("Paystack events, signed with x-paystack-signature").to(WEBHOOK);

        from(WEBHOOK).routeId("paystack-webhook").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> e.setProperty(EVENT, webhooks.admit(e, PaystackProcessor.NAME, paystack.webhookAllowedIps(),
                        raw -> signed(raw, e.getMessage().getHeader("x-paystack-signature", String.class)))))
                .choice()
                    .when(exchangeProperty(CardWebhooks.EVENT_TYPE).isEqualTo("charge.success"))
                        .process(this::paymentEvent)
                        .to(CardEventRoutes.PAYMENT_EVENT)
                    .when(exchangeProperty(CardWebhooks.EVENT_TYPE).startsWith("refund."))
                        .process(this::refundEvent)
                    .when(exchangeProperty(CardWebhooks.EVENT_TYPE).startsWith("transfer."))
                        .to(PaystackTransferEventRoutes.TRANSFER_EVENT)
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
                        .path("reference")
                        .asText());
    }

    private void refundEvent(Exchange exchange) {
        JsonNode event = exchange.getProperty(EVENT, JsonNode.class);
        JsonNode data = event.path("data");
        String refundId = data.hasNonNull("id")
                ? data.path("id").asText()
                : data.path("refund_reference").asText();
        RefundAnswer.Status status =
                PaystackProcessor.refundStatusOf(data.path("status").asText());
        if (status == RefundAnswer.Status.PENDING
                || !refunds.fromProcessor(
                        PaystackProcessor.NAME,
                        new RefundAnswer(
                                status,
                                refundId,
                                "Paystack: refund " + data.path("status").asText()))) {
            webhooks.ignore(
                    exchange, "refund_event", refundId, event.path("event").asText() + " changes nothing");
        }
    }

    /** Hex HMAC-SHA512 of the raw bytes with the secret key, compared in constant time. */
    boolean signed(byte[] raw, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(paystack.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return CallbackSources.secretMatches(
                    signature == null ? null : signature.toLowerCase(),
                    java.util.HexFormat.of().formatHex(mac.doFinal(raw)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
