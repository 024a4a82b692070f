package ke.onpoint.pay.card;

import com.fasterxml.jackson.databind.JsonNode;

/** A card processor's HTTP answer that was not an outage: its status and JSON body. */
public record ProcessorAnswer(int status, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The processor's own explanation, for a refusal. */
    public String message() {
        return body.path("message").asText("HTTP " + status);
    }
}
