package ke.onpoint.pay.mpesa;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The Daraja client: every call to Safaricom goes through {@link #CALL}, which adds the profile's OAuth token,
 * guards that Daraja with its own circuit breaker, and replaces a rejected token (twice at most) before giving up.
 *
 * <p>In: exchange properties {@link #PATH} and {@link #PROFILE} (the name of the payment's {@link DarajaProfile};
 * live when absent) and a JSON body. Out: the answer as a {@code JsonNode}, or a {@link DarajaApiException} /
 * {@link DarajaUnavailableException} / {@code CallNotPermittedException}.
 */
@Component
public class DarajaRoutes extends RouteBuilder {

    public static final String CALL = "direct:mpesa-daraja-call";
    public static final String PATH = "darajaPath";
    public static final String PROFILE = "darajaProfile";
    /** Sends after a refused token: one with the token the instances share, one with a token fetched anew. */
    static final int TOKEN_RETRIES = 2;

    private static final String REQUEST = "darajaRequest";
    private static final String TOKEN = "darajaToken";
    private static final String TOKEN_REJECTED = "darajaTokenRejected";
    private static final String ATTEMPT = "direct:mpesa-daraja-attempt-${exchangeProperty." + PROFILE + "}";

    private final DarajaProperties daraja;
    private final DarajaProfiles profiles;
    private final DarajaAccessTokens tokens;

    public DarajaRoutes(DarajaProperties daraja, DarajaProfiles profiles, DarajaAccessTokens tokens) {
        this.daraja = daraja;
        this.profiles = profiles;
        this.tokens = tokens;
    }

    /** The OAuth route of a profile. */
    static String oauth(String profile) {
        return "direct:mpesa-oauth-" + profile;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // failures propagate to the calling route, which turns them into outcomes; no error log per failed call
        errorHandler(noErrorHandler());

        from(CALL).routeId("mpesa-daraja-call")
                .process(this::chooseProfile)
                .setProperty(REQUEST, body())
                .toD(ATTEMPT)
                // a refused token is replaced and the call sent again, at most twice: the first replacement may be
                // the token another instance stored, refused too when Daraja revoked every token; the second is new
                .loop(TOKEN_RETRIES)
                    .filter(exchangeProperty(TOKEN_REJECTED))
                        .log(LoggingLevel.WARN, "Daraja (${exchangeProperty." + PROFILE + "} profile) rejected the "
                                + "access token; refreshing it and retrying")
                        .toD(ATTEMPT)
                    .end()
                .end()
                .process(e -> e.getMessage().setBody(DarajaResponses.read(e)));

        for (DarajaProfile profile : profiles.distinct()) {
            // Our own headers must never reach Safaricom, and a 4xx/5xx is an answer to read, not an exception.
            String endpoint = profile.baseUrl() + "?throwExceptionOnFailure=false&followRedirects=false";
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (profile.consumerKey() + ":" + profile.consumerSecret()).getBytes(StandardCharsets.UTF_8));
            String name = profile.name();

            from(oauth(name)).routeId("mpesa-oauth-" + name)
                    .removeHeaders("*")
                    .setBody(constant(null))
                    .setHeader("Authorization", constant(basic))
                    .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                    .setHeader(Exchange.HTTP_PATH, constant("/oauth/v1/generate"))
                    .setHeader(Exchange.HTTP_QUERY, constant("grant_type=client_credentials"))
                    .to(endpoint)
                    .process(DarajaResponses::failIfUnavailable)
                    .process(e -> e.getMessage().setBody(DarajaResponses.read(e)));

            // one breaker per Daraja: a sandbox outage never stops live payments
            daraja.breaker().applyTo(from("direct:mpesa-daraja-attempt-" + name).routeId("mpesa-daraja-attempt-" + name)
                    .circuitBreaker().id(DarajaProfiles.LIVE.equals(name) ? "daraja-breaker" : "daraja-breaker-" + name)
                    .resilience4jConfiguration()).end()
                        .process(this::prepareRequest)
                        .to(endpoint)
                        .process(DarajaResponses::failIfUnavailable)
                    .end()
                    .process(this::noteTokenRejection);
        }
    }
    // spotless:on

    /** Only a configured profile's name can select an endpoint. */
    private void chooseProfile(Exchange exchange) {
        String name = exchange.getProperty(PROFILE, DarajaProfiles.LIVE, String.class);
        if (profiles.distinct().stream().noneMatch(p -> p.name().equals(name))) {
            throw new IllegalStateException("No Daraja profile " + name);
        }
        exchange.setProperty(PROFILE, name);
    }

    private void prepareRequest(Exchange exchange) {
        // inside the breaker: an OAuth outage counts as a Daraja failure
        String token;
        try {
            token = tokens.current(exchange.getProperty(PROFILE, String.class));
        } catch (DarajaApiException refused) {
            throw refused;
        } catch (RuntimeException noToken) {
            // without a token the request itself was never sent: a definite failure, not an unknown outcome
            throw new DarajaUnavailableException(
                    noToken instanceof DarajaUnavailableException
                            ? noToken.getMessage()
                            : "no Daraja access token: " + noToken.getMessage(),
                    true);
        }
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
        if (error != null
                && new DarajaApiException(
                                DarajaResponses.status(exchange),
                                error.path("errorCode").asText(),
                                "")
                        .isTokenRejected()) {
            tokens.invalidate(exchange.getProperty(PROFILE, String.class), exchange.getProperty(TOKEN, String.class));
            exchange.setProperty(TOKEN_REJECTED, true);
        }
    }
}
