package ke.onpoint.pay.api;

import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The API's JSON dialect: snake_case, ISO-8601 times, exact decimals, strict parsing
 * (duplicate keys and trailing garbage are errors, floats are read as BigDecimal). Features add their part as
 * {@link ApiJsonModule} beans: amounts are written by payment's one serializer ({@code 100.00}); a JSON tree read
 * back (an event's stored payload) keeps its decimals exactly as written, so webhooks and Kafka carry
 * {@code 100.00}, not {@code 1E+2}.
 */
@Component
public class ApiJson {

    private final ObjectMapper mapper;

    /** The dialect without any feature's part: for problems and request parsing, which carry no amounts. */
    public ApiJson() {
        this(List.of());
    }

    @Autowired
    public ApiJson(List<ApiJsonModule> features) {
        JsonMapper.Builder builder = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule());
        features.forEach(feature -> builder.addModule(feature.module()));
        this.mapper = builder.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body that must be one JSON object; anything else is a 400 problem. */
    public JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.malformed("The request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            // Jackson's limits (nesting depth, number and string lengths) carry no location
            throw ApiProblem.malformed("The JSON is nested too deeply or holds a number or string longer than allowed");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiProblem.malformed(
                    at == null
                            ? "Malformed JSON: " + e.getOriginalMessage()
                            : "Malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": "
                                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.malformed("The request body must be a JSON object");
        }
        return node;
    }
}
