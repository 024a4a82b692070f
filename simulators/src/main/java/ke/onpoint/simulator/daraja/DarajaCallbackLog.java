package ke.onpoint.simulator.daraja;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.BoundedLog;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/** The last {@value #CAPACITY} callback attempts, for tests and for people asking "did Daraja call us?". */
@Component
@ConditionalOnDarajaSimulator
public class DarajaCallbackLog extends BoundedLog<DarajaCallbackLog.Attempt> {

    static final int CAPACITY = 1000;

    /**
     * One POST to a CallBackURL. {@code status} is the HTTP status received, or null when the call failed,
     * in which case {@code error} says why.
     */
    public record Attempt(
            Instant at,
            String checkoutRequestId,
            int attempt,
            String url,
            String body,
            Integer status,
            String error,
            long durationMs) {

        boolean delivered() {
            return success(status);
        }

        ObjectNode toJson() {
            return withOutcome(
                    SimulatorJson.object().put("at", at.toString()).put("checkout_request_id", checkoutRequestId),
                    attempt,
                    url,
                    status,
                    error,
                    durationMs,
                    delivered(),
                    body);
        }
    }

    public DarajaCallbackLog() {
        super(CAPACITY, Attempt::checkoutRequestId);
    }
}
