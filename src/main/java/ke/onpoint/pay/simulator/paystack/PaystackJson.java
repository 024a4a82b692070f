package ke.onpoint.pay.simulator.paystack;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * JSON in and out of the Paystack simulator. Its own ObjectMapper and pre-rendered strings keep the wire format
 * Paystack's exactly, whatever the app does to Spring's shared ObjectMapper.
 */
final class PaystackJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Paystack's timestamps: ISO-8601 UTC with milliseconds, e.g. {@code 2024-08-22T09:15:02.000Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PaystackJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String time(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
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

    /** Paystack's envelope {@code {"status":true,"message":...,"data":...}}. */
    static ObjectNode envelope(String message, JsonNode data) {
        ObjectNode body = object().put("status", true).put("message", message);
        body.set("data", data);
        return body;
    }

    static ResponseEntity<String> response(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(write(body));
    }

    static ResponseEntity<String> ok(JsonNode body) {
        return response(HttpStatus.OK, body);
    }
}
