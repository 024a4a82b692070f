package ke.onpoint.pay.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Error handling declared once for every merchant-facing route ({@code routeConfigurationId("api-problems")}):
 * an {@link ApiProblem} becomes its problem+json answer; anything unexpected becomes a bare 500 problem
 * with a correlation id and never a stack trace. Either way the Idempotency-Key claim is settled.
 */
@Component
public class ProblemResponses extends RouteConfigurationBuilder {

    public static final String CONFIGURATION_ID = "api-problems";
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final ApiJson json;
    private final IdempotencyKeys idempotencyKeys;
    private final boolean debug;
    private final ApiAvailability availability;

    public ProblemResponses(
            ApiJson json,
            IdempotencyKeys idempotencyKeys,
            @org.springframework.beans.factory.annotation.Value("${onpoint.security.debug}") boolean debug,
            ApiAvailability availability) {
        this.availability = availability;
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
        this.debug = debug;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configuration() {
        routeConfiguration(CONFIGURATION_ID)
                .onException(ApiProblem.class).handled(true)
                    .process(e -> answer(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiProblem.class)))
                .end()
                .onException(Exception.class).handled(true)
                    .process(this::unexpected)
                .end();
    }
    // spotless:on

    void unexpected(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.setProperty(IdempotencyKeys.UNRELIABLE_ANSWER, true);
        if (ApiAvailability.isPoolSaturated(cause)) {
            // at capacity, not down: this request is shed, the next ones are served as connections come free
            availability.refused("busy");
            answer(exchange, ApiProblem.busy());
            return;
        }
        if (ApiAvailability.isConnectionFailure(cause)) {
            // temporary, and the next requests are answered at once (ServiceUnavailableFilter) until it is back
            availability.databaseUnreachable();
            log.warn("Database unreachable in route {}: {}", exchange.getFromRouteId(), cause.getMessage());
            answer(exchange, ApiProblem.databaseUnavailable());
            return;
        }
        String incident = exchange.getExchangeId();
        log.error("Unexpected failure in route {} (incident {})", exchange.getFromRouteId(), incident, cause);
        ApiProblem problem = new ApiProblem(
                        500,
                        "internal-error",
                        "Something went wrong on our side",
                        "The request could not be completed; quote incident " + incident + " to support",
                        null)
                .with("incident", incident);
        if (debug) {
            // development only (DEBUG=true): the kind of failure only; a message can carry SQL or the caller's data
            problem.with("debug", cause.getClass().getName());
        }
        answer(exchange, problem);
    }

    public void answer(Exchange exchange, ApiProblem problem) {
        var message = exchange.getMessage();
        String instance = message.getHeader(Exchange.HTTP_URI, String.class);
        message.removeHeaders("*");
        problem.headers().forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
        String body = render(json, problem, instance);
        message.setBody(body);
        idempotencyKeys.settle(exchange, problem.status(), body);
    }

    /** The problem+json text of a problem: the one rendering routes, filters and the servlet container's errors share. */
    public static String render(ApiJson json, ApiProblem problem, String instance) {
        return json.write(new ProblemBody(
                "https://docs.onpoint.co.ke/problems/" + problem.type(),
                problem.title(),
                problem.status(),
                problem.detail(),
                instance,
                problem.errors().isEmpty() ? null : problem.errors(),
                problem.extensions()));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProblemBody(
            String type,
            String title,
            int status,
            String detail,
            String instance,
            List<FieldError> errors,
            @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {
        @JsonAnyGetter
        Map<String, Object> extensionFields() {
            return extensions;
        }
    }
}
