package ke.onpoint.pay.simulator.flutterwave;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** The last {@value #CAPACITY} webhook attempts, for tests and for people asking "did Flutterwave call us?". */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveWebhookLog {

    static final int CAPACITY = 1000;

    /**
     * One POST to the webhook URL. {@code status} is the HTTP status received, or null when the call failed, in
     * which case {@code error} says why. {@code verifHash} is the header value actually sent.
     */
    public record Attempt(Instant at, String txRef, long transactionId, int attempt, String url, String verifHash,
                          String body, Integer status, String error, long durationMs) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        ObjectNode toJson() {
            ObjectNode json = FlutterwaveJson.object()
                    .put("at", at.toString())
                    .put("tx_ref", txRef)
                    .put("transaction_id", transactionId)
                    .put("attempt", attempt)
                    .put("url", url)
                    .put("verif_hash", verifHash)
                    .put("status", status)
                    .put("error", error)
                    .put("duration_ms", durationMs)
                    .put("delivered", delivered());
            json.set("body", FlutterwaveJson.read(body));
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

    /** Oldest first; all of them when txRef is null or blank. */
    public synchronized List<Attempt> attempts(String txRef) {
        boolean all = txRef == null || txRef.isBlank();
        return attempts.stream()
                .filter(a -> all || a.txRef().equals(txRef))
                .toList();
    }
}
