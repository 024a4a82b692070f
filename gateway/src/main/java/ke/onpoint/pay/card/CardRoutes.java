package ke.onpoint.pay.card;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ke.onpoint.pay.payment.InitiationOutcome;
import ke.onpoint.pay.payment.InitiationOutcome.Reason;
import ke.onpoint.pay.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Card payments across processors. Each processor gets the same {@code <name>-api} route (its own circuit breaker,
 * pooled HTTP with timeouts) and a {@code <name>-initialize} route; {@code card-initialize} tries the primary
 * processor and fails over to the other with Camel's failover load balancer when the primary is unavailable
 * (breaker open, 5xx, timeout). A processor that answers and refuses is not failed over: the payment fails.
 */
@Component
public class CardRoutes extends RouteBuilder {

    public static final String INITIALIZE = "direct:card-initialize";

    private final List<CardProcessor> processors;
    private final CardProperties cards;

    public CardRoutes(List<CardProcessor> processors, CardProperties cards) {
        this.processors = processors;
        this.cards = cards;
    }

    /** The primary processor first, then the others. */
    List<CardProcessor> inFailoverOrder() {
        List<CardProcessor> ordered = new ArrayList<>(processors);
        ordered.sort(Comparator.comparing(p -> !p.name().equals(cards.primary())));
        return ordered;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        errorHandler(noErrorHandler()); // failures surface to card-initialize / the calling code, which decide

        for (CardProcessor processor : processors) {
            cards.breaker().applyTo(from("direct:" + processor.name() + "-api").routeId(processor.name() + "-api")
                    .circuitBreaker().id(processor.name() + "-breaker").resilience4jConfiguration()).end()
                        .process(e -> prepareRequest(e, processor))
                        .to(processor.baseUrl() + "?throwExceptionOnFailure=false&followRedirects=false")
                        .process(e -> ProcessorApi.failIfUnavailable(e, processor.name()))
                    .end();

            from("direct:" + processor.name() + "-initialize").routeId(processor.name() + "-initialize")
                    .process(e -> e.getMessage().setBody(processor.initialize(e.getMessage().getBody(Payment.class))));
        }

        String[] initializers = inFailoverOrder().stream().map(p -> "direct:" + p.name() + "-initialize")
                .toArray(String[]::new);
        from(INITIALIZE).routeId("card-initialize")
                .doTry()
                    .loadBalance().failover(initializers.length - 1, false, false, ProcessorUnavailableException.class)
                        .to(initializers)
                    .endDoTry()
                .doCatch(ProcessorRejectedException.class)
                    .process(e -> e.getMessage().setBody(new InitiationOutcome.Rejected(Reason.DECLINED, "PROCESSOR_REJECTED",
                            e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage())))
                .doCatch(Exception.class)
                    .process(e -> e.getMessage().setBody(new InitiationOutcome.Rejected(Reason.UNAVAILABLE,
                            "PROVIDER_UNAVAILABLE", "No card processor is available: "
                            + e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage())))
                .end();
    }
    // spotless:on

    private static void prepareRequest(Exchange exchange, CardProcessor processor) {
        var message = exchange.getMessage();
        String body = message.getBody(String.class);
        String path = exchange.getProperty(ProcessorApi.PATH, String.class);
        message.removeHeaders("*"); // nothing of ours reaches the processor but what we set here
        message.setHeader("Authorization", processor.authorization());
        message.setHeader(Exchange.HTTP_METHOD, exchange.getProperty(ProcessorApi.METHOD, String.class));
        int query = path.indexOf('?');
        message.setHeader(Exchange.HTTP_PATH, query < 0 ? path : path.substring(0, query));
        if (query >= 0) {
            message.setHeader(Exchange.HTTP_QUERY, path.substring(query + 1));
        }
        if (body != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        message.setBody(body);
    }
}
