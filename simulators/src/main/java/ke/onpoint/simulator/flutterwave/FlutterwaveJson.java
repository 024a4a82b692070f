package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Flutterwave's own JSON rules on top of {@link SimulatorJson}. Amounts are BigDecimal and written plainly
 * ({@code 100.5}, never {@code 1.005E+2}), so everything this simulator answers goes through its own writer.
 */
final class FlutterwaveJson {

    private static final ObjectWriter WRITER =
            SimulatorJson.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private FlutterwaveJson() {}

    static String write(JsonNode node) {
        return SimulatorJson.write(WRITER, node);
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
        return SimulatorJson.rendered(status, write(body));
    }

    static ResponseEntity<String> ok(JsonNode body) {
        return response(HttpStatus.OK, body);
    }

    /** Flutterwave's success envelope. */
    static ResponseEntity<String> success(String message, JsonNode data) {
        ObjectNode body = SimulatorJson.object().put("status", "success").put("message", message);
        body.set("data", data);
        return ok(body);
    }
}
