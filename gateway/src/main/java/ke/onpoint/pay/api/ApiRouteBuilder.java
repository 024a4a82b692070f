package ke.onpoint.pay.api;

import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The shape every JSON operation of the merchant API shares: one route per operation, named by its id, that admits
 * the caller, runs the operation and answers JSON; problems are rendered by {@code api-problems}. A POST that moves
 * money also claims its Idempotency-Key, as a step of its own ({@link #idempotentOperation}).
 */
public abstract class ApiRouteBuilder extends RouteBuilder {

    /** The request body as claimed with the Idempotency-Key (the bytes a replay must match). */
    private static final String REQUEST_BODY = "rawBody";

    private static final String REPLAYED = "idempotentReplay";

    /** Who may call: authenticates and authorises, or throws a problem. */
    @FunctionalInterface
    protected interface Admission {
        void admit(Exchange exchange);
    }

    protected final ApiMessages messages;
    protected final ApiJson json;
    private final IdempotencyKeys idempotencyKeys;

    protected ApiRouteBuilder(ApiMessages messages, ApiJson json) {
        this(messages, json, null);
    }

    /** For route classes with a money-moving POST ({@link #idempotentOperation}). */
    protected ApiRouteBuilder(ApiMessages messages, ApiJson json, IdempotencyKeys idempotencyKeys) {
        this.messages = messages;
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
    }

    /** {@code direct:<routeId>}: admit, run, answer {@code status} with the result as JSON. */
    protected void operation(String routeId, Admission admission, int status, Function<Exchange, Object> operation) {
        admitted(routeId, admission)
                .process(e -> messages.respond(e, status, operation.apply(e)))
                .id(routeId + "-operate");
    }

    /**
     * {@code direct:<routeId>} for a POST that moves money: admit, claim the Idempotency-Key (a replay of the stored
     * answer ends the route there), validate the body into the message body; the caller adds the operation and its
     * answer, and calls {@link #keepAnswer} once the operation has written state.
     */
    protected ProcessorDefinition<?> idempotentOperation(
            String routeId, Admission admission, Function<JsonNode, ?> validation) {
        Objects.requireNonNull(idempotencyKeys, "a money-moving route class is built with IdempotencyKeys");
        return admitted(routeId, admission)
                .process(this::claimIdempotencyKey)
                .id(routeId + "-claim-idempotency-key")
                .filter(exchangeProperty(REPLAYED))
                .id(routeId + "-replay")
                .stop()
                .end()
                .process(e -> e.getMessage()
                        .setBody(validation.apply(json.readObject(e.getProperty(REQUEST_BODY, String.class)))))
                .id(routeId + "-validate");
    }

    private RouteDefinition admitted(String routeId, Admission admission) {
        return from("direct:" + routeId)
                .routeId(routeId)
                .routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(admission::admit)
                .id(routeId + "-admit");
    }

    private void claimIdempotencyKey(Exchange exchange) {
        String body = messages.requestBody(exchange);
        exchange.setProperty(REQUEST_BODY, body);
        exchange.setProperty(REPLAYED, idempotencyKeys.claimOrReplay(exchange, principal(exchange), body));
    }

    /** State exists now: from here even a failure is the answer a retry with the same Idempotency-Key gets. */
    protected static void keepAnswer(Exchange exchange) {
        exchange.setProperty(IdempotencyKeys.KEEP_ANSWER, true);
    }

    protected JsonNode body(Exchange exchange) {
        return json.readObject(messages.requestBody(exchange));
    }

    protected static MerchantPrincipal principal(Exchange exchange) {
        return exchange.getProperty(MerchantPrincipal.PROPERTY, MerchantPrincipal.class);
    }

    protected static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }
}
