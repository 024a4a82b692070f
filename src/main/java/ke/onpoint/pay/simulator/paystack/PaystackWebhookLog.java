package ke.onpoint.pay.simulator.paystack;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** The last {@value #CAPACITY} webhook attempts, for tests and for people asking "did Paystack call us?". */
@Component("paystackSimWebhookLog")
@ConditionalOnPaystackSimulator
public class PaystackWebhookLog {

    static final int CAPACITY = 1000;

    /**
     * One POST to the webhook URL, or one webhook lost on purpose ({@code dropped}, attempt 0, nothing sent).
     * {@code reference} is the transaction reference the event is about (for refunds: the refunded transaction's).
     * {@code status} is the HTTP status received, or null when the call failed, in which case {@code error} says why.
     */
    public record Attempt(Instant at, String event, String reference, String delivery, int attempt, String url,
                          String body, String signature, boolean dropped, Integer status, String error,
                          long durationMs) {

        /** Paystack wants exactly 200 OK; anything else is retried. */
        public boolean delivered() {
            return status != null && status == 200;
        }

        ObjectNode toJson() {
            ObjectNode json = PaystackJson.object()
                    .put("at", at.toString())
                    .put("event", event)
                    .put("reference", reference)
                    .put("delivery", delivery)
                    .put("attempt", attempt)
                    .put("url", url)
                    .put("signature", signature)
                    .put("dropped", dropped)
                    .put("status", status)
                    .put("error", error)
                    .put("duration_ms", durationMs)
                    .put("delivered", delivered());
            json.set("body", PaystackJson.read(body));
            return json;
        }
    }

    private final Deque<Attempt> attempts = new ArrayDeque<>();

    synchronized void record(Attempt attempt) {
        attempts.addLast(attempt);
        while (attempts.size() > CAPACITY) {
            attempts.removeFirst();
        }
    }

    /** Oldest first; all of them when reference is null or blank. */
    public synchronized List<Attempt> attempts(String reference) {
        boolean all = reference == null || reference.isBlank();
        return attempts.stream()
                .filter(a -> all || reference.equals(a.reference()))
                .toList();
    }
}
