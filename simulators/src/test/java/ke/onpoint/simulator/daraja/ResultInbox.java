package ke.onpoint.simulator.daraja;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.simulator.CallbackReceiver;

/** A merchant's ResultURL (or QueueTimeOutURL): keeps every {@code {"Result":…}} POSTed to it and answers 200. */
final class ResultInbox implements AutoCloseable {

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CallbackReceiver receiver;

    private ResultInbox(String path) {
        this.receiver = CallbackReceiver.start(path, request -> {
            received.add(DarajaSimHttp.JSON.readTree(request.body()));
            return CallbackReceiver.Reply.json(200, "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}");
        });
    }

    static ResultInbox start(String path) {
        return new ResultInbox(path);
    }

    String url() {
        return receiver.url();
    }

    /** The Result objects received for this OriginatorConversationID, in arrival order. */
    List<JsonNode> results(String originatorConversationId) {
        return received.stream()
                .map(body -> body.get("Result"))
                .filter(result -> result != null
                        && originatorConversationId.equals(
                                result.path("OriginatorConversationID").asText()))
                .toList();
    }

    /** The whole bodies, as received. */
    List<JsonNode> bodies(String originatorConversationId) {
        return received.stream()
                .filter(body -> originatorConversationId.equals(
                        body.at("/Result/OriginatorConversationID").asText()))
                .toList();
    }

    @Override
    public void close() {
        receiver.close();
    }
}
