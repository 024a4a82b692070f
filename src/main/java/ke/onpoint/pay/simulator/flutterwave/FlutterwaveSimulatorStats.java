package ke.onpoint.pay.simulator.flutterwave;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** Request and webhook counters, so tests can assert e.g. "one verify per webhook". */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveSimulatorStats {

    private final AtomicLong paymentRequests = new AtomicLong();
    private final AtomicLong verifyRequests = new AtomicLong();
    private final AtomicLong refundRequests = new AtomicLong();
    private final AtomicLong webhooksSent = new AtomicLong();
    private final AtomicLong webhooksFailed = new AtomicLong();
    private final AtomicLong webhooksSuppressed = new AtomicLong();

    void paymentRequest() {
        paymentRequests.incrementAndGet();
    }

    void verifyRequest() {
        verifyRequests.incrementAndGet();
    }

    void refundRequest() {
        refundRequests.incrementAndGet();
    }

    /** Every webhook attempt counts as sent; those without a 2xx answer also count as failed. */
    void webhookSent(boolean delivered) {
        webhooksSent.incrementAndGet();
        if (!delivered) {
            webhooksFailed.incrementAndGet();
        }
    }

    /** A webhook the "none" mode kept back. */
    void webhookSuppressed() {
        webhooksSuppressed.incrementAndGet();
    }

    public void reset() {
        paymentRequests.set(0);
        verifyRequests.set(0);
        refundRequests.set(0);
        webhooksSent.set(0);
        webhooksFailed.set(0);
        webhooksSuppressed.set(0);
    }

    ObjectNode toJson() {
        return FlutterwaveJson.object()
                .put("payment_requests", paymentRequests.get())
                .put("verify_requests", verifyRequests.get())
                .put("refund_requests", refundRequests.get())
                .put("webhooks_sent", webhooksSent.get())
                .put("webhooks_failed", webhooksFailed.get())
                .put("webhooks_suppressed", webhooksSuppressed.get());
    }
}
