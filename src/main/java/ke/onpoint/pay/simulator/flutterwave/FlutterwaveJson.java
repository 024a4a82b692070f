package ke.onpoint.pay.simulator.flutterwave;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * JSON in and out of the simulator. It keeps its own ObjectMapper and answers with pre-rendered strings so the wire
 * format is Flutterwave's exactly, whatever the app later does to Spring's shared ObjectMapper. Amounts are
 * BigDecimal and written plainly ({@code 100.5}, never {@code 1.005E+2}).
 */
final class FlutterwaveJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private FlutterwaveJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The body as a JSON object, or null when it is malformed or not an object; an empty body is an empty object. */
    static ObjectNode parseObjectOrEmpty(byte[] body) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return object();
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

    /**
     * A money amount given as a JSON number or a numeric string, or null when it is anything else. Major units,
     * so {@code 100.5} is a hundred and a half.
     */
    static BigDecimal amount(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (node.isTextual() && !node.textValue().isBlank()) {
                return new BigDecimal(node.textValue().trim());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return null;
    }

    /** Rounds to cents and drops trailing zeros ({@code 1.40} becomes {@code 1.4}, {@code 100.00} becomes 100). */
    static BigDecimal money(BigDecimal value) {
        BigDecimal rounded = value.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    static ResponseEntity<String> response(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(write(body));
    }

    static ResponseEntity<String> ok(JsonNode body) {
        return response(HttpStatus.OK, body);
    }

    /** Flutterwave's success envelope. */
    static ResponseEntity<String> success(String message, JsonNode data) {
        ObjectNode body = object().put("status", "success").put("message", message);
        body.set("data", data);
        return ok(body);
    }
}
