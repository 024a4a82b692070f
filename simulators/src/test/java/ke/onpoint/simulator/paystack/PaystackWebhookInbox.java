package ke.onpoint.simulator.paystack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.simulator.CallbackReceiver;

/** The merchant's webhook URL: keeps every POST exactly as it came (bytes, signature, JSON) and answers 200. */
final class PaystackWebhookInbox implements AutoCloseable {

    record Received(byte[] raw, String signature, JsonNode json) {

        String event() {
            return json.path("event").asText();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CallbackReceiver receiver;

    PaystackWebhookInbox(String path) {
        this.receiver = CallbackReceiver.start(path, request -> {
            received.add(new Received(
                    request.body(),
                    request.header("x-paystack-signature"),
                    PaystackSimHttp.JSON.readTree(request.body())));
            return CallbackReceiver.Reply.status(200);
        });
    }

    String url() {
        return receiver.url();
    }

    /** Those whose {@code data.reference} is this one, in arrival order. */
    List<Received> about(String reference) {
        return received.stream()
                .filter(r -> reference.equals(r.json().at("/data/reference").asText()))
                .toList();
    }

    @Override
    public void close() {
        receiver.close();
    }
}
