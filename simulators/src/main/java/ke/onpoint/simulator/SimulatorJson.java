package ke.onpoint.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * JSON in and out of the provider simulators. They keep their own ObjectMapper and answer with pre-rendered strings
 * so each wire format is the provider's exactly, whatever the app later does to Spring's shared ObjectMapper
 * (naming strategies, number formats). A simulator whose numbers must be written differently (Flutterwave's plain
 * decimals) passes its own {@link ObjectWriter} to {@link #write(ObjectWriter, JsonNode)}; reading is the same for all.
 */
public final class SimulatorJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final ObjectWriter WRITER = MAPPER.writer();

    private SimulatorJson() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The body as a JSON object, or null when it is empty, malformed or not an object. */
    public static ObjectNode parseObject(byte[] body) {
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

    /**
     * The body as a JSON object, or null when it is malformed or not an object; an empty or blank body is an empty
     * object (for control endpoints whose fields are all optional).
     */
    public static ObjectNode parseObjectOrEmpty(byte[] body) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return object();
        }
        return parseObject(body);
    }

    public static String write(JsonNode node) {
        return write(WRITER, node);
    }

    public static String write(ObjectWriter writer, JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** The text as JSON, or as one JSON string when it is not JSON (so a logged body always renders). */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    public static ResponseEntity<String> response(HttpStatus status, JsonNode body) {
        return rendered(status, write(body));
    }

    public static ResponseEntity<String> ok(JsonNode body) {
        return response(HttpStatus.OK, body);
    }

    /** A JSON response whose body is already rendered. */
    public static ResponseEntity<String> rendered(HttpStatus status, String json) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json);
    }
}
