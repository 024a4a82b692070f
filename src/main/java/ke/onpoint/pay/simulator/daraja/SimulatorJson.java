package ke.onpoint.pay.simulator.daraja;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * JSON in and out of the simulator. It keeps its own ObjectMapper and answers with pre-rendered strings so the
 * wire format is Safaricom's exactly, whatever the app later does to Spring's shared ObjectMapper
 * (naming strategies, number formats).
 */
final class SimulatorJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SimulatorJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The body as a JSON object, or null when it is empty, malformed or not an object. */
    static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    static ResponseEntity<String> response(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(write(body));
    }

    static ResponseEntity<String> ok(JsonNode body) {
        return response(HttpStatus.OK, body);
    }
}
