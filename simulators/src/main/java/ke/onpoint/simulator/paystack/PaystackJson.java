package ke.onpoint.simulator.paystack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/** Paystack's own JSON shapes; parsing and rendering are {@link SimulatorJson}'s. */
final class PaystackJson {

    /** Paystack's timestamps: ISO-8601 UTC with milliseconds, e.g. {@code 2024-08-22T09:15:02.000Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PaystackJson() {}

    static String time(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }

    /** Paystack's envelope {@code {"status":true,"message":...,"data":...}}. */
    static ObjectNode envelope(String message, JsonNode data) {
        ObjectNode body = SimulatorJson.object().put("status", true).put("message", message);
        body.set("data", data);
        return body;
    }
}
