package ke.onpoint.pay.mpesa;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registers the C2B validation and confirmation URLs with Daraja ({@code /mpesa/c2b/v1|v2/registerurl}), from the
 * {@code register-c2b-urls} command or at start-up. In production registration is one-time: "already registered"
 * is an answer, not a failure.
 */
@Component
public class C2bUrlRegistration {

    private static final Logger log = LoggerFactory.getLogger(C2bUrlRegistration.class);

    public enum Result {
        REGISTERED,
        ALREADY_REGISTERED
    }

    private final DarajaProperties daraja;
    private final C2bProperties c2b;
    private final ProducerTemplate producer;
    private final CamelContext camel;

    public C2bUrlRegistration(
            DarajaProperties daraja, C2bProperties c2b, @Lazy ProducerTemplate producer, @Lazy CamelContext camel) {
        this.daraja = daraja;
        this.c2b = c2b;
        this.producer = producer;
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void registerOnStartup() {
        if (c2b.registerOnStartup()) {
            try {
                log.info("C2B URLs for shortcode {}: {}", c2b.shortcode(), register());
            } catch (RuntimeException e) {
                log.error("C2B URL registration for shortcode {} failed: {}", c2b.shortcode(), e.getMessage());
            }
        }
    }

    /** Registers; throws {@link DarajaApiException} or {@link DarajaUnavailableException} when Daraja refuses. */
    public Result register() {
        startDarajaClient(); // the command runs without starting every route
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ShortCode", c2b.shortcode());
        body.put("ResponseType", c2b.responseType());
        body.put("ConfirmationURL", withToken(c2b.confirmationUrl()));
        body.put("ValidationURL", withToken(c2b.validationUrl()));
        Exchange answer = producer.send(DarajaRoutes.CALL, exchange -> {
            exchange.setProperty(DarajaRoutes.PATH, "/mpesa/c2b/" + c2b.apiVersion() + "/registerurl");
            exchange.getMessage().setBody(DarajaResponses.json(body));
        });
        if (answer.getException() instanceof DarajaApiException refused
                && refused.errorMessage().toLowerCase().contains("already registered")) {
            return Result.ALREADY_REGISTERED;
        }
        if (answer.getException() instanceof RuntimeException failure) {
            throw failure;
        }
        JsonNode ack = answer.getMessage().getBody(JsonNode.class);
        if (!"0".equals(StkResult.code(ack.get("ResponseCode")))) {
            throw new DarajaApiException(
                    200,
                    ack.path("ResponseCode").asText(),
                    ack.path("ResponseDescription").asText());
        }
        return Result.REGISTERED;
    }

    private String withToken(String url) {
        return (url.endsWith("/") ? url : url + "/") + daraja.callbackToken();
    }

    private void startDarajaClient() {
        for (String route : new String[] {"mpesa-oauth-live", "mpesa-daraja-attempt-live", "mpesa-daraja-call"}) {
            try {
                camel.getRouteController().startRoute(route);
            } catch (Exception e) {
                throw new IllegalStateException("Could not start route " + route, e);
            }
        }
    }
}
