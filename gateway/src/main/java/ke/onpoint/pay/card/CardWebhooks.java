package ke.onpoint.pay.card;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import ke.onpoint.pay.payment.RefusedCallbacks;
import ke.onpoint.pay.security.CallbackSources;
import ke.onpoint.pay.security.ClientAddresses;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What every processor webhook does before its events are read: source address, authenticity (Paystack's
 * HMAC, Flutterwave's hash) over the raw bytes, then JSON. A refused webhook goes to {@link RefusedCallbacks} and
 * changes nothing.
 */
@Component
public class CardWebhooks {

    /** The admitted event's type ({@code charge.success}, {@code refund.processed}, …), for content-based routing. */
    public static final String EVENT_TYPE = "cardEventType";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final java.util.Map<String, Object> ACK = java.util.Map.of("status", "ok");

    private final ProviderCallbacks callbacks;
    private final RefusedCallbacks refusals;
    private final ApiMessages messages;
    private final ClientAddresses clientAddresses;

    public CardWebhooks(
            ProviderCallbacks callbacks,
            RefusedCallbacks refusals,
            ApiMessages messages,
            ClientAddresses clientAddresses) {
        this.refusals = refusals;
        this.clientAddresses = clientAddresses;
        this.callbacks = callbacks;
        this.messages = messages;
    }

    /** The event, once the webhook is admitted; sets {@link CardEventRoutes#PAYLOAD} and {@link CardEventRoutes#SOURCE}. */
    public JsonNode admit(
            Exchange exchange, String processor, List<String> allowedSources, Predicate<byte[]> authentic) {
        String source = clientAddresses.of(exchange);
        exchange.setProperty(CardEventRoutes.SOURCE, source);
        exchange.setProperty(CardEventRoutes.PROCESSOR, processor);
        // the signature covers the exact bytes: read them once and keep them as the body
        byte[] raw = messages.requestBytes(exchange);
        String payload = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        exchange.setProperty(CardEventRoutes.PAYLOAD, payload);
        if (!CallbackSources.allowed(allowedSources, source)) {
            reject(processor, "source address " + source + " is not allow-listed", source, payload);
            throw ApiProblem.forbidden("Webhooks are not accepted from this address");
        }
        if (raw == null || !authentic.test(raw)) {
            reject(processor, "missing or wrong signature", source, payload);
            throw ApiProblem.unauthorized("The webhook signature is missing or wrong");
        }
        try {
            JsonNode event = MAPPER.readTree(raw);
            if (event == null || !event.isObject() || !event.hasNonNull("event")) {
                throw new IOException("not an event object");
            }
            exchange.setProperty(EVENT_TYPE, event.path("event").asText());
            return event;
        } catch (IOException e) {
            reject(processor, "malformed event: " + e.getMessage(), source, payload);
            throw ApiProblem.malformed("The webhook body is not an event");
        }
    }

    public void ignore(Exchange exchange, String kind, String correlationId, String why) {
        callbacks.record(
                exchange.getProperty(CardEventRoutes.PROCESSOR, String.class),
                kind,
                correlationId,
                Outcome.IGNORED,
                why,
                exchange.getProperty(CardEventRoutes.SOURCE, String.class),
                exchange.getProperty(CardEventRoutes.PAYLOAD, String.class));
    }

    public void acknowledge(Exchange exchange) {
        messages.respond(exchange, 200, ACK);
    }

    private void reject(String processor, String why, String source, String payload) {
        refusals.refuse(processor, "webhook", why, source, payload);
    }
}
