package ke.onpoint.pay.card;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.ProcessedMessages;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A processor says a card payment changed ({@code charge.success}, {@code charge.completed}): whatever the webhook
 * claims, the payment is verified with the processor's API, then applied once. The idempotent consumer on the
 * event key shares the transaction of the state change, so a redelivered event is one transition and one event.
 *
 * <p>In: exchange properties {@link #PROCESSOR}, {@link #REFERENCE} (our gateway reference), {@link #EVENT_KEY},
 * {@link #PAYLOAD}, {@link #SOURCE}.
 */
@Component
public class CardEventRoutes extends RouteBuilder {

    public static final String PAYMENT_EVENT = "direct:card-payment-event";
    public static final String PROCESSOR = "cardProcessor";
    public static final String REFERENCE = "cardReference";
    private static final String EVENT_KEY = "cardEventKey";
    public static final String PAYLOAD = "cardEventPayload";
    public static final String SOURCE = "cardEventSource";
    private static final String APPLY = "direct:card-payment-event-apply";
    private static final String VERIFICATION = "cardVerification";
    /** Verified outcomes that change a payment; pending or abandoned ones leave no idempotency key. */
    private static final java.util.Set<CardVerification.Outcome> FINAL = java.util.EnumSet.of(
            CardVerification.Outcome.SUCCESS, CardVerification.Outcome.FAILED, CardVerification.Outcome.REVERSED);

    private final Map<String, CardProcessor> processors;
    private final PaymentRepository payments;
    private final CardOutcomes outcomes;
    private final JdbcTemplate jdbc;

    public CardEventRoutes(
            List<CardProcessor> processors, PaymentRepository payments, CardOutcomes outcomes, JdbcTemplate jdbc) {
        this.processors = processors.stream().collect(Collectors.toMap(CardProcessor::name, Function.identity()));
        this.payments = payments;
        this.outcomes = outcomes;
        this.jdbc = jdbc;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        from(PAYMENT_EVENT).routeId("card-payment-event")
                .process(this::verify)
                .choice()
                    .when(exchangeProperty(VERIFICATION).isNull())
                        .process(e -> record(e, Outcome.UNMATCHED, "no payment has this reference"))
                    .when(exchangeProperty(EVENT_KEY).isNull())
                        .process(e -> record(e, Outcome.IGNORED, "verified: "
                                + e.getProperty(VERIFICATION, CardVerification.class).outcome().name().toLowerCase()
                                + ", nothing to apply yet"))
                    .otherwise()
                        .to(APPLY)
                .end();

        from(APPLY).routeId("card-payment-event-apply")
                .transacted()
                .idempotentConsumer(exchangeProperty(EVENT_KEY), new ProcessedMessages(jdbc, "card-payment-event"))
                        .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE))
                            .process(e -> record(e, Outcome.DUPLICATE, "event already processed"))
                        .otherwise()
                            .process(e -> record(e, outcomes.apply(e.getProperty(REFERENCE, String.class),
                                    e.getProperty(VERIFICATION, CardVerification.class)), "verified"))
                    .end()
                .end();
    }
    // spotless:on

    /** Outside the transaction: an HTTP call must not hold a database connection and its locks. */
    private void verify(Exchange exchange) {
        Payment payment = payments.findByReference(exchange.getProperty(REFERENCE, String.class))
                .orElse(null);
        CardProcessor processor = processors.get(exchange.getProperty(PROCESSOR, String.class));
        if (payment != null && processor != null && processor.name().equals(payment.provider())) {
            CardVerification verification = processor.verify(payment);
            exchange.setProperty(VERIFICATION, verification);
            if (FINAL.contains(verification.outcome())) {
                exchange.setProperty(
                        EVENT_KEY,
                        processor.name() + ":" + payment.reference() + ":"
                                + verification.outcome().name() + ":" + verification.providerTransactionId());
            }
        }
    }

    private void record(Exchange exchange, Outcome outcome, String note) {
        outcomes.record(
                exchange.getProperty(PROCESSOR, String.class),
                "payment_event",
                exchange.getProperty(REFERENCE, String.class),
                outcome,
                note,
                exchange.getProperty(SOURCE, String.class),
                exchange.getProperty(PAYLOAD, String.class));
    }
}
