package ke.onpoint.pay.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import ke.onpoint.pay.api.ApiJson;

/**
 * The event as merchants and Kafka consumers see it: {@code {"id","type","created","data"}}. The stored payload is
 * copied token by token into {@code data} (compact, in its stored order, decimals exactly as written): no tree is
 * built for it, which showed in the fan-out's profile.
 */
final class EventEnvelope {

    private EventEnvelope() {}

    static String json(ApiJson json, String eventId, String type, Instant created, String payload)
            throws JsonProcessingException {
        StringWriter out = new StringWriter(payload.length() + 128);
        try (JsonGenerator envelope = json.mapper().createGenerator(out);
                JsonParser data = json.mapper().createParser(payload)) {
            envelope.writeStartObject();
            envelope.writeStringField("id", eventId);
            envelope.writeStringField("type", type);
            envelope.writeNumberField("created", created.getEpochSecond());
            envelope.writeFieldName("data");
            while (data.nextToken() != null) {
                envelope.copyCurrentEventExact(data); // floats as BigDecimal: 100.00 stays 100.00
            }
            envelope.writeEndObject();
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
