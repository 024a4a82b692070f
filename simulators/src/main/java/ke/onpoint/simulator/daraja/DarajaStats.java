package ke.onpoint.simulator.daraja;

import java.util.concurrent.atomic.AtomicLong;

import ke.onpoint.simulator.ProviderStats;
import org.springframework.stereotype.Component;

/** Request counters, so load tests can assert e.g. "one token request for a thousand pushes". */
@Component
@ConditionalOnDarajaSimulator
public class DarajaStats extends ProviderStats {

    private final AtomicLong tokenRequests = counters.add("token_requests");
    private final AtomicLong stkPushes = counters.add("stk_pushes");
    private final AtomicLong stkQueries = counters.add("stk_queries");
    private final AtomicLong callbacksSent = counters.add("callbacks_sent");
    private final AtomicLong callbacksFailed = counters.add("callbacks_failed");

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
}
