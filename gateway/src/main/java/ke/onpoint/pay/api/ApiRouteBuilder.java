package ke.onpoint.pay.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The shape every JSON operation of the merchant API shares: one route per operation, named by its id, that admits
 * the caller, runs the operation and answers JSON; problems are rendered by {@code api-problems}.
 */
public abstract class ApiRouteBuilder extends RouteBuilder {

    /** Who may call: authenticates and authorises, or throws a problem. */
    @FunctionalInterface
    protected interface Admission {
        void admit(Exchange exchange);
    }

    protected final ApiMessages messages;
    protected final ApiJson json;

    protected ApiRouteBuilder(ApiMessages messages, ApiJson json) {
        this.messages = messages;
        this.json = json;
    }

    /** {@code direct:<routeId>}: admit, run, answer {@code status} with the result as JSON. */
    protected void operation(String routeId, Admission admission, int status, Function<Exchange, Object> operation) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(admission::admit)
                .process(e -> messages.respond(e, status, operation.apply(e)));
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
