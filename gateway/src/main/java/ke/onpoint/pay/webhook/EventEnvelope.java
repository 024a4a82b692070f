package ke.onpoint.pay.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import ke.onpoint.pay.api.ApiJson;

/** The event as merchants and Kafka consumers see it: {@code {"id","type","created","data"}}. */
final class EventEnvelope {

    private EventEnvelope() {}

    static String json(ApiJson json, String eventId, String type, Instant created, String payload)
            throws JsonProcessingException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", eventId);
        event.put("type", type);
        event.put("created", created.getEpochSecond());
        event.put("data", json.mapper().readTree(payload));
        return json.write(event);
    }
}
