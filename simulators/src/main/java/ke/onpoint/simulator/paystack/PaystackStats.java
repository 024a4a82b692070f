package ke.onpoint.simulator.paystack;

import java.util.concurrent.atomic.AtomicLong;

import ke.onpoint.simulator.ProviderStats;
import org.springframework.stereotype.Component;

/** Request and webhook counters, so tests can assert e.g. "one verify per payment". */
@Component("paystackSimStats")
@ConditionalOnPaystackSimulator
public class PaystackStats extends ProviderStats {

    private final AtomicLong initializes = counters.add("initialize");
    private final AtomicLong verifies = counters.add("verify");
    private final AtomicLong refunds = counters.add("refund");
    private final AtomicLong charges = counters.add("charge");
    private final AtomicLong transfers = counters.add("transfer");
    private final AtomicLong transferVerifies = counters.add("transfer_verify");
    private final AtomicLong webhooksSent = counters.add("webhooks_sent");
    private final AtomicLong webhooksFailed = counters.add("webhooks_failed");
    private final AtomicLong webhooksDropped = counters.add("webhooks_dropped");

    void initialize() {
        initializes.incrementAndGet();
    }

    void verify() {
        verifies.incrementAndGet();
    }

    /** POST /refund only (fetch and list are not counted). */
    void refund() {
        refunds.incrementAndGet();
    }

    void charge() {
        charges.incrementAndGet();
    }

    /** POST /transfer, refused ones included. */
    void transfer() {
        transfers.incrementAndGet();
    }

    void transferVerify() {
        transferVerifies.incrementAndGet();
    }

    /** Every webhook attempt counts as sent; those without a 200 also count as failed. */
    void webhookSent(boolean delivered) {
        webhooksSent.incrementAndGet();
        if (!delivered) {
            webhooksFailed.incrementAndGet();
        }
    }

    /** A webhook lost on purpose (webhook mode "none"). */
    void webhookDropped() {
        webhooksDropped.incrementAndGet();
    }
}
