package ke.onpoint.simulator.flutterwave;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/** The last {@value #CAPACITY} webhook attempts, for tests and for people asking "did Flutterwave call us?". */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveWebhookLog extends BoundedLog<FlutterwaveWebhookLog.Attempt> {

    static final int CAPACITY = 1000;

    /**
     * One POST to the webhook URL. {@code status} is the HTTP status received, or null when the call failed, in
     * which case {@code error} says why. {@code verifHash} is the header value actually sent.
     */
    public record Attempt(
            Instant at,
            String txRef,
            long transactionId,
            int attempt,
            String url,
            String verifHash,
            String body,
            Integer status,
            String error,
            long durationMs) {

        boolean delivered() {
            return success(status);
        }

        ObjectNode toJson() {
            return withOutcome(
                    SimulatorJson.object()
                            .put("at", at.toString())
                            .put("tx_ref", txRef)
                            .put("transaction_id", transactionId)
                            .put("verif_hash", verifHash),
                    attempt,
                    url,
                    status,
                    error,
                    durationMs,
                    delivered(),
                    body);
        }
    }

    public FlutterwaveWebhookLog() {
        super(CAPACITY, Attempt::txRef);
    }
}
