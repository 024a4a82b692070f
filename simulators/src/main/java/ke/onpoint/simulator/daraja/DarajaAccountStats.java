package ke.onpoint.simulator.daraja;

import java.util.concurrent.atomic.AtomicLong;

import ke.onpoint.simulator.ProviderStats;
import org.springframework.stereotype.Component;

/**
 * Request counters of the account APIs. Their callbacks (validation, confirmation, Result, timeout) are counted with
 * every other callback in {@link DarajaStats}.
 */
@Component
@ConditionalOnDarajaSimulator
public class DarajaAccountStats extends ProviderStats {

    private final AtomicLong c2bRegistrations = counters.add("c2b_registrations");
    private final AtomicLong c2bPayments = counters.add("c2b_payments");
    private final AtomicLong statusQueries = counters.add("transaction_status_queries");
    private final AtomicLong reversals = counters.add("reversals");
    private final AtomicLong b2cRequests = counters.add("b2c_requests");
    private final AtomicLong b2bRequests = counters.add("b2b_requests");
    private final AtomicLong balanceQueries = counters.add("account_balance_queries");

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

    void b2cRequest() {
        b2cRequests.incrementAndGet();
    }

    void b2bRequest() {
        b2bRequests.incrementAndGet();
    }

    void balanceQuery() {
        balanceQueries.incrementAndGet();
    }
}
