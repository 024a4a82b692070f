package ke.onpoint.simulator.paystack;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/** The last {@value #CAPACITY} webhook attempts, for tests and for people asking "did Paystack call us?". */
@Component("paystackSimWebhookLog")
@ConditionalOnPaystackSimulator
public class PaystackWebhookLog extends BoundedLog<PaystackWebhookLog.Attempt> {

    static final int CAPACITY = 1000;

    /**
     * One POST to the webhook URL, or one webhook lost on purpose ({@code dropped}, attempt 0, nothing sent).
     * {@code reference} is the transaction reference the event is about (for refunds: the refunded transaction's).
     * {@code status} is the HTTP status received, or null when the call failed, in which case {@code error} says why.
     */
    public record Attempt(
            Instant at,
            String event,
            String reference,
            String delivery,
            int attempt,
            String url,
            String body,
            String signature,
            boolean dropped,
            Integer status,
            String error,
            long durationMs) {

        /** Paystack wants exactly 200 OK; anything else is retried. */
        public boolean delivered() {
            return status != null && status == 200;
        }

        ObjectNode toJson() {
            return withOutcome(
                    SimulatorJson.object()
                            .put("at", at.toString())
                            .put("event", event)
                            .put("reference", reference)
                            .put("delivery", delivery)
                            .put("signature", signature)
                            .put("dropped", dropped),
                    attempt,
                    url,
                    status,
                    error,
                    durationMs,
                    delivered(),
                    body);
        }
    }

    public PaystackWebhookLog() {
        super(CAPACITY, Attempt::reference);
    }
}
