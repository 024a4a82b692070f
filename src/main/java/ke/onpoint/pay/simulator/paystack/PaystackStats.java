package ke.onpoint.pay.simulator.paystack;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** Request and webhook counters, so tests can assert e.g. "one verify per payment". */
@Component("paystackSimStats")
@ConditionalOnPaystackSimulator
public class PaystackStats {

    private final AtomicLong initializes = new AtomicLong();
    private final AtomicLong verifies = new AtomicLong();
    private final AtomicLong refunds = new AtomicLong();
    private final AtomicLong charges = new AtomicLong();
    private final AtomicLong webhooksSent = new AtomicLong();
    private final AtomicLong webhooksFailed = new AtomicLong();
    private final AtomicLong webhooksDropped = new AtomicLong();

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

    public void reset() {
        initializes.set(0);
        verifies.set(0);
        refunds.set(0);
        charges.set(0);
        webhooksSent.set(0);
        webhooksFailed.set(0);
        webhooksDropped.set(0);
    }

    ObjectNode toJson() {
        return PaystackJson.object()
                .put("initialize", initializes.get())
                .put("verify", verifies.get())
                .put("refund", refunds.get())
                .put("charge", charges.get())
                .put("webhooks_sent", webhooksSent.get())
                .put("webhooks_failed", webhooksFailed.get())
                .put("webhooks_dropped", webhooksDropped.get());
    }
}
