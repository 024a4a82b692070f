package ke.onpoint.pay.simulator.daraja;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** Request counters, so load tests can assert e.g. "one token request for a thousand pushes". */
@Component
@ConditionalOnDarajaSimulator
public class SimulatorStats {

    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong stkPushes = new AtomicLong();
    private final AtomicLong stkQueries = new AtomicLong();
    private final AtomicLong callbacksSent = new AtomicLong();
    private final AtomicLong callbacksFailed = new AtomicLong();

    void tokenRequest() {
        tokenRequests.incrementAndGet();
    }

    void stkPush() {
        stkPushes.incrementAndGet();
    }

    void stkQuery() {
        stkQueries.incrementAndGet();
    }

    /** Every callback attempt counts as sent; those without a 2xx answer also count as failed. */
    void callbackSent(boolean delivered) {
        callbacksSent.incrementAndGet();
        if (!delivered) {
            callbacksFailed.incrementAndGet();
        }
    }

    public void reset() {
        tokenRequests.set(0);
        stkPushes.set(0);
        stkQueries.set(0);
        callbacksSent.set(0);
        callbacksFailed.set(0);
    }

    ObjectNode toJson() {
        return SimulatorJson.object()
                .put("token_requests", tokenRequests.get())
                .put("stk_pushes", stkPushes.get())
                .put("stk_queries", stkQueries.get())
                .put("callbacks_sent", callbacksSent.get())
                .put("callbacks_failed", callbacksFailed.get());
    }
}
