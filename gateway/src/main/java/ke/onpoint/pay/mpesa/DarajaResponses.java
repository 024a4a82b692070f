package ke.onpoint.pay.mpesa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/** Reads Daraja's HTTP answers: JSON on 2xx, the {@code {requestId,errorCode,errorMessage}} envelope otherwise. */
final class DarajaResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DarajaResponses() {}

    static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    /** Inside the breaker: answers that mean "Daraja is not working" throw, so they count as failures. */
    static void failIfUnavailable(Exchange exchange) {
        int status = status(exchange);
        String body = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setBody(body); // keep it readable after the stream is consumed
        if (status == 502 || status == 503 || status == 504) {
            // 503: Daraja itself refused the call; 502/504 come from a proxy that may have passed it on
            throw new DarajaUnavailableException("Daraja answered HTTP " + status, status == 503);
        }
        if (parse(body) == null) {
            throw new DarajaUnavailableException("Daraja answered HTTP " + status + " without a JSON body");
        }
    }

    /** The JSON of a successful answer, or the typed error it carries. */
    static JsonNode read(Exchange exchange) {
        int status = status(exchange);
        JsonNode json = parse(exchange.getMessage().getBody(String.class));
        if (json == null) {
            throw new DarajaUnavailableException("Daraja answered HTTP " + status + " without a JSON body");
        }
        if (status >= 200 && status < 300) {
            return json;
        }
        if (json.hasNonNull("errorCode")) {
            throw new DarajaApiException(
                    status,
                    json.get("errorCode").asText(),
                    json.path("errorMessage").asText());
        }
        throw new DarajaUnavailableException("Daraja answered HTTP " + status + " with an unexpected body");
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
