package ke.onpoint.pay.mpesa;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiJson;
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
 * Admission of everything Daraja posts to us (STK callbacks, C2B validation and confirmation, Results and
 * timeouts). Daraja signs nothing, so a notification is admitted by the secret token ending its URL path (never a
 * query parameter or a header) and by its
 * source address; then it must parse. Whatever is refused goes to {@link RefusedCallbacks} (counted, an excerpt
 * recorded, throttled per source) and is answered with a problem, never a 500, and changes nothing.
 */
@Component
public class DarajaNotifications {

    /** The raw body and the sender's address, kept on the exchange for the record of what was done with it. */
    public static final String PAYLOAD = "callbackPayload";

    public static final String SOURCE = "callbackSource";

    private final DarajaProperties daraja;
    private final ProviderCallbacks records;
    private final RefusedCallbacks refusals;
    private final ApiMessages messages;
    private final ApiJson json;
    private final ClientAddresses clientAddresses;

    public DarajaNotifications(
            DarajaProperties daraja,
            ProviderCallbacks records,
            RefusedCallbacks refusals,
            ApiMessages messages,
            ApiJson json,
            ClientAddresses clientAddresses) {
        this.refusals = refusals;
        this.clientAddresses = clientAddresses;
        this.daraja = daraja;
        this.records = records;
        this.messages = messages;
        this.json = json;
    }

    /** The parsed notification, or a recorded refusal thrown as a 401, 403 or 400 problem. */
    public <T> T admit(Exchange exchange, String kind, Function<JsonNode, T> parser) {
        String source = clientAddresses.of(exchange);
        exchange.setProperty(SOURCE, source);
        exchange.setProperty(PAYLOAD, messages.requestBody(exchange));
        if (!CallbackSources.secretMatches(CallbackSources.pathToken(exchange), daraja.callbackToken())) {
            reject(exchange, kind, "missing or wrong callback token");
            throw ApiProblem.unauthorized("This notification URL is not valid");
        }
        if (!CallbackSources.allowed(daraja.callbackAllowedIps(), source)) {
            reject(exchange, kind, "source address " + source + " is not allow-listed");
            throw ApiProblem.forbidden("Notifications are not accepted from this address");
        }
        try {
            return parser.apply(json.readObject(exchange.getProperty(PAYLOAD, String.class)));
        } catch (StkCallbackParser.MalformedCallback | ApiProblem e) {
            reject(exchange, kind, e.getMessage());
            throw e instanceof ApiProblem problem ? problem : ApiProblem.malformed(e.getMessage());
        }
    }

    public void record(Exchange exchange, String kind, String correlationId, Outcome outcome, String note) {
        records.record(
                StkCallbacks.PROVIDER,
                kind,
                correlationId,
                outcome,
                note,
                exchange.getProperty(SOURCE, String.class),
                exchange.getProperty(PAYLOAD, String.class));
    }

    private void reject(Exchange exchange, String kind, String why) {
        refusals.refuse(
                StkCallbacks.PROVIDER,
                kind,
                why,
                exchange.getProperty(SOURCE, String.class),
                exchange.getProperty(PAYLOAD, String.class));
    }
}
