package ke.onpoint.simulator.daraja;

import ke.onpoint.simulator.SimulatorJson;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Request counters of the account APIs. Their callbacks (validation, confirmation, Result, timeout) are counted with
 * every other callback in {@link DarajaStats}.
 */
@Component
@ConditionalOnDarajaSimulator
public class DarajaAccountStats {

    private final AtomicLong c2bRegistrations = new AtomicLong();
    private final AtomicLong c2bPayments = new AtomicLong();
    private final AtomicLong statusQueries = new AtomicLong();
    private final AtomicLong reversals = new AtomicLong();

    void c2bRegistration() {
        c2bRegistrations.incrementAndGet();
    }

    void c2bPayment() {
        c2bPayments.incrementAndGet();
    }

    void statusQuery() {
        statusQueries.incrementAndGet();
    }

    void reversal() {
        reversals.incrementAndGet();
    }

    public void reset() {
        c2bRegistrations.set(0);
        c2bPayments.set(0);
        statusQueries.set(0);
        reversals.set(0);
    }

    ObjectNode toJson() {
        return SimulatorJson.object()
                .put("c2b_registrations", c2bRegistrations.get())
                .put("c2b_payments", c2bPayments.get())
                .put("transaction_status_queries", statusQueries.get())
                .put("reversals", reversals.get());
    }
}
