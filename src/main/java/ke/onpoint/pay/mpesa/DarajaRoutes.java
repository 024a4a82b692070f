package ke.onpoint.pay.mpesa;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The Daraja client: every call to Safaricom goes through {@link #CALL}, which adds the shared OAuth token,
 * guards Daraja with one circuit breaker, and refreshes a rejected token once before giving up.
 *
 * <p>In: exchange property {@link #PATH} and a JSON body. Out: the answer as a {@code JsonNode}, or a
 * {@link DarajaApiException} / {@link DarajaUnavailableException} / {@code CallNotPermittedException}.
 */
@Component
public class DarajaRoutes extends RouteBuilder {

    public static final String CALL = "direct:mpesa-daraja-call";
    public static final String OAUTH = "direct:mpesa-oauth";
    public static final String PATH = "darajaPath";
    private static final String ATTEMPT = "direct:mpesa-daraja-attempt";
    private static final String REQUEST = "darajaRequest";
    private static final String TOKEN = "darajaToken";
    private static final String TOKEN_REJECTED = "darajaTokenRejected";

    private final DarajaProperties daraja;
    private final DarajaAccessTokens tokens;

    public DarajaRoutes(DarajaProperties daraja, DarajaAccessTokens tokens) {
        this.daraja = daraja;
        this.tokens = tokens;
    }

    @Override
    public void configure() {
        // failures propagate to the calling route, which turns them into outcomes; no error log per failed call
        errorHandler(noErrorHandler());
        // Our own headers must never reach Safaricom, and a 4xx/5xx is an answer to read, not an exception.
        String endpoint = daraja.baseUrl() + "?throwExceptionOnFailure=false&followRedirects=false";
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (daraja.consumerKey() + ":" + daraja.consumerSecret()).getBytes(StandardCharsets.UTF_8));

        from(OAUTH).routeId("mpesa-oauth")
                .removeHeaders("*")
                .setBody(constant(null))
                .setHeader("Authorization", constant(basic))
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader(Exchange.HTTP_PATH, constant("/oauth/v1/generate"))
                .setHeader(Exchange.HTTP_QUERY, constant("grant_type=client_credentials"))
                .to(endpoint)
                .process(DarajaResponses::failIfUnavailable)
                .process(e -> e.getMessage().setBody(DarajaResponses.read(e)));

        from(CALL).routeId("mpesa-daraja-call")
                .setProperty(REQUEST, body())
                .to(ATTEMPT)
                .filter(exchangeProperty(TOKEN_REJECTED))
                    .log(LoggingLevel.WARN, "Daraja rejected the access token; refreshing it and retrying once")
                    .to(ATTEMPT)
                .end()
                .process(e -> e.getMessage().setBody(DarajaResponses.read(e)));

        daraja.breaker().applyTo(from(ATTEMPT).routeId("mpesa-daraja-attempt")
                .circuitBreaker().id("daraja-breaker").resilience4jConfiguration()).end()
                    .process(this::prepareRequest)
                    .to(endpoint)
                    .process(DarajaResponses::failIfUnavailable)
                .end()
                .process(this::noteTokenRejection);
    }

    private void prepareRequest(Exchange exchange) {
        String token = tokens.current(); // inside the breaker: an OAuth outage counts as a Daraja failure
        exchange.setProperty(TOKEN, token);
        exchange.setProperty(TOKEN_REJECTED, false);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("Authorization", "Bearer " + token);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_PATH, exchange.getProperty(PATH, String.class));
        message.setBody(exchange.getProperty(REQUEST, String.class));
    }

    private void noteTokenRejection(Exchange exchange) {
        if (DarajaResponses.status(exchange) < 400) {
            return;
        }
        var error = DarajaResponses.parse(exchange.getMessage().getBody(String.class));
        if (error != null && new DarajaApiException(DarajaResponses.status(exchange),
                error.path("errorCode").asText(), "").isTokenRejected()) {
            tokens.invalidate(exchange.getProperty(TOKEN, String.class));
            exchange.setProperty(TOKEN_REJECTED, true);
        }
    }
}
