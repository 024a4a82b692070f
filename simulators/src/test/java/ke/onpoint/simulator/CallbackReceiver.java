package ke.onpoint.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP listener on 127.0.0.1 (random port) standing in for the merchant's callback or webhook URL. The test's
 * handler decides what to record and what to answer; this only does the HTTP plumbing.
 */
public final class CallbackReceiver implements AutoCloseable {

    /** One request as it arrived: the exact body bytes and the headers. */
    public record Request(byte[] body, Headers headers) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** The answer: a status, and optionally a body with its content type. */
    public record Reply(int status, String contentType, byte[] body) {

        public static Reply status(int status) {
            return new Reply(status, null, null);
        }

        public static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws IOException;
    }

    private final HttpServer server;
    private final String url;

    private CallbackReceiver(HttpServer server, String path) {
        this.server = server;
        this.url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Listens on {@code path} until {@link #close()}. */
    public static CallbackReceiver start(String path, Handler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(path, exchange -> {
                Reply reply = handler.handle(
                        new Request(exchange.getRequestBody().readAllBytes(), exchange.getRequestHeaders()));
                if (reply.body() == null) {
                    exchange.sendResponseHeaders(reply.status(), -1);
                } else {
                    exchange.getResponseHeaders().add("Content-Type", reply.contentType());
                    exchange.sendResponseHeaders(reply.status(), reply.body().length);
                    exchange.getResponseBody().write(reply.body());
                }
                exchange.close();
            });
            server.start();
            return new CallbackReceiver(server, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The full URL to give the simulator. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
