package ke.onpoint.pay.mpesa;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Daraja's initiator requests whose outcome comes later to a ResultURL (B2C, B2B, Transaction Status): the call
 * through {@link DarajaRoutes#CALL} and what its synchronous answer means. Only Daraja's own refusal is conclusive;
 * anything we cannot read (a timeout, a proxy's page, the breaker open, throttling, Daraja's "duplicate
 * OriginatorConversationID") may hide a request Daraja took, so it is unknown.
 */
@Component
class DarajaAsyncRequests {

    /** The synchronous answer to an asynchronous request. */
    sealed interface Ack {}

    /** Taken: the Result will name this ConversationID. */
    record Accepted(String conversationId, String originatorConversationId) implements Ack {}

    /** Refused by Daraja: the request was not taken. */
    record Refused(String code, String message) implements Ack {}

    /** Never reached Daraja, or Daraja said it is unavailable (503): nothing was taken, it can be sent again. */
    record NotTaken(String message) implements Ack {}

    /** Taken or not, we cannot tell. */
    record Unknown(String message) implements Ack {}

    private final ProducerTemplate producer;

    DarajaAsyncRequests(@Lazy ProducerTemplate producer) {
        this.producer = producer;
    }

    Ack submit(DarajaProfile profile, String path, Map<String, Object> body) {
        Exchange answer = producer.send(DarajaRoutes.CALL, exchange -> {
            exchange.setProperty(DarajaRoutes.PATH, path);
            exchange.setProperty(DarajaRoutes.PROFILE, profile.name());
            exchange.getMessage().setBody(DarajaResponses.json(body));
        });
        Exception failure = answer.getException();
        if (failure != null) {
            if (failure instanceof DarajaApiException api && !api.isThrottled() && !duplicate(api)) {
                return new Refused(api.errorCode(), api.errorMessage());
            }
            if (failure instanceof DarajaUnavailableException unavailable && unavailable.refused()) {
                return new NotTaken(unavailable.getMessage());
            }
            return new Unknown(failure.getMessage());
        }
        JsonNode ack = answer.getMessage().getBody(JsonNode.class);
        String code = StkResult.code(ack.get("ResponseCode"));
        if (!"0".equals(code)) {
            return new Refused(
                    code == null ? "NO_RESPONSE_CODE" : code,
                    ack.path("ResponseDescription").asText(""));
        }
        return new Accepted(
                ack.path("ConversationID").asText(null),
                ack.path("OriginatorConversationID").asText(null));
    }

    /** 500.002.1001 "Duplicate OriginatorConversationID": Daraja already has a request under our id. */
    private static boolean duplicate(DarajaApiException api) {
        return api.errorMessage().toLowerCase(java.util.Locale.ROOT).contains("duplicate");
    }
}
