package ke.onpoint.simulator.flutterwave;

import java.util.concurrent.atomic.AtomicLong;

import ke.onpoint.simulator.ProviderStats;
import org.springframework.stereotype.Component;

/** Request and webhook counters, so tests can assert e.g. "one verify per webhook". */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveStats extends ProviderStats {

    private final AtomicLong paymentRequests = counters.add("payment_requests");
    private final AtomicLong verifyRequests = counters.add("verify_requests");
    private final AtomicLong refundRequests = counters.add("refund_requests");
    private final AtomicLong webhooksSent = counters.add("webhooks_sent");
    private final AtomicLong webhooksFailed = counters.add("webhooks_failed");
    private final AtomicLong webhooksSuppressed = counters.add("webhooks_suppressed");

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
}
