package ke.onpoint.pay.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * One way to call any card processor: through its {@code <name>-api} route (circuit breaker, pooled HTTP,
 * timeouts, see {@link CardRoutes}). Outages come back as {@link ProcessorUnavailableException}, every other
 * answer as a {@link ProcessorAnswer}.
 */
@Component
public class ProcessorApi {

    static final String METHOD = "processorMethod";
    static final String PATH = "processorPath";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProducerTemplate producer;

    public ProcessorApi(@Lazy ProducerTemplate producer) {
        this.producer = producer;
    }

    public ProcessorAnswer get(String processor, String path) {
        return call(processor, "GET", path, null);
    }

    public ProcessorAnswer post(String processor, String path, Object body) {
        return call(processor, "POST", path, body);
    }

    private ProcessorAnswer call(String processor, String method, String path, Object body) {
        String json;
        try {
            json = body == null ? null : MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        Exchange result = producer.send("direct:" + processor + "-api", exchange -> {
            exchange.setProperty(METHOD, method);
            exchange.setProperty(PATH, path);
            exchange.getMessage().setBody(json);
        });
        Exception failure = result.getException();
        if (failure != null) {
            throw unavailable(processor, failure);
        }
        return result.getMessage().getBody(ProcessorAnswer.class);
    }

    private static ProcessorUnavailableException unavailable(String processor, Exception failure) {
        Throwable cause =
                failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProcessorUnavailableException unavailable) {
            return unavailable;
        }
        if (cause instanceof CallNotPermittedException) {
            return new ProcessorUnavailableException(processor + " is unavailable (circuit breaker open)");
        }
        return new ProcessorUnavailableException(processor + " is unavailable: "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
    }

    /** Inside the breaker: 5xx and non-JSON answers are outages and count as failures. */
    static void failIfUnavailable(Exchange exchange, String processor) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = exchange.getMessage().getBody(String.class);
        JsonNode json = parse(text);
        if (status >= 500 || json == null) {
            throw new ProcessorUnavailableException(
                    processor + " answered HTTP " + status + (json == null ? " without JSON" : ""));
        }
        exchange.getMessage().setBody(new ProcessorAnswer(status, json));
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
