package ke.onpoint.pay.paystack;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.card.CardEventRoutes;
import ke.onpoint.pay.payment.ProcessedMessages;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import ke.onpoint.pay.settlement.PayoutAnswer;
import ke.onpoint.pay.settlement.PayoutResults;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Paystack's {@code transfer.success|failed|reversed} webhooks, once {@link PaystackWebhookRoutes} has checked the
 * signature: applied to the payout named by {@code data.reference} through the core's {@link PayoutResults}, once per
 * event and reference (an idempotent consumer in the transaction that records the outcome; a redelivery is recorded
 * as a duplicate and changes nothing).
 */
@Component
public class PaystackTransferEventRoutes extends RouteBuilder {

    static final String TRANSFER_EVENT = "direct:paystack-transfer-event";
    static final String EVENT = "paystackEvent";

    private final PayoutResults results;
    private final ProviderCallbacks callbacks;
    private final JdbcTemplate jdbc;

    public PaystackTransferEventRoutes(PayoutResults results, ProviderCallbacks callbacks, JdbcTemplate jdbc) {
        this.results = results;
        this.callbacks = callbacks;
        this.jdbc = jdbc;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        from(TRANSFER_EVENT).routeId("paystack-transfer-event")
                .transacted()
                .idempotentConsumer(method(this, "key"), new ProcessedMessages(jdbc, "paystack-transfer-event"))
                        .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                            .process(e -> record(e, null, Outcome.DUPLICATE, "event already applied"))
                        .otherwise()
                            .process(this::apply)
                    .end()
                .end();
    }
    // spotless:on

    /** Event + reference: Paystack's deliveries are at least once (§2.5). */
    public String key(Exchange exchange) {
        JsonNode event = exchange.getProperty(EVENT, JsonNode.class);
        return event.path("event").asText() + ":"
                + event.path("data").path("reference").asText();
    }

    private void apply(Exchange exchange) {
        JsonNode event = exchange.getProperty(EVENT, JsonNode.class);
        JsonNode data = event.path("data");
        PayoutAnswer answer = PaystackTransfers.answerOf(data);
        String type = event.path("event").asText();
        boolean agrees = switch (type) {
            case "transfer.success" -> answer instanceof PayoutAnswer.Paid;
            case "transfer.failed" -> answer instanceof PayoutAnswer.Failed;
            case "transfer.reversed" -> answer instanceof PayoutAnswer.Reversed;
            default -> false;
        };
        if (!agrees) { // an event whose transfer says otherwise (or an event we do not act on): not taken as final
            record(
                    exchange,
                    null,
                    Outcome.IGNORED,
                    type + " with transfer status " + data.path("status").asText());
            return;
        }
        String reference = payoutReference(data);
        Outcome outcome = results.apply(
                provider(),
                reference,
                answer,
                "transfer_event",
                exchange.getProperty(CardEventRoutes.PAYLOAD, String.class));
        if (outcome != Outcome.NEEDS_REVIEW) { // a review item is recorded by the core with its reason
            record(exchange, reference, outcome, type);
        }
    }

    /** Ours as we wrote it: Paystack's lower-case form is upper-cased back unless a payout has it as it is. */
    private String payoutReference(JsonNode transfer) {
        String reference = transfer.path("reference").asText(null);
        if (reference == null || results.knows(reference)) {
            return reference;
        }
        String upper = reference.toUpperCase(java.util.Locale.ROOT);
        return results.knows(upper)
                ? upper
                : results.referenceOf(provider(), transfer.path("transfer_code").asText(null))
                        .orElse(reference);
    }

    /** Under the payout's reference when it is known, else the event's. */
    private void record(Exchange exchange, String reference, Outcome outcome, String note) {
        callbacks.record(
                provider(),
                "transfer_event",
                reference != null
                        ? reference
                        : exchange.getProperty(EVENT, JsonNode.class)
                                .path("data")
                                .path("reference")
                                .asText(null),
                outcome,
                note,
                exchange.getProperty(CardEventRoutes.SOURCE, String.class),
                exchange.getProperty(CardEventRoutes.PAYLOAD, String.class));
    }

    private static String provider() {
        return PaystackProcessor.NAME;
    }
}
