package ke.onpoint.simulator.paystack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP against the simulator, the way the gateway's Paystack client will call it (no redirects followed). */
final class PaystackSimHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final int port;
    private final String secretKey;

    PaystackSimHttp(int port, String secretKey) {
        this.port = port;
        this.secretKey = secretKey;
    }

    String bearer() {
        return "Bearer " + secretKey;
    }

    /** With the right key. */
    HttpResponse<String> api(String method, String path, String body) throws Exception {
        return send(method, path, bearer(), "application/json", body);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null, null);
    }

    HttpResponse<String> control(String path, String body) throws Exception {
        return send("POST", path, null, "application/json", body);
    }

    HttpResponse<String> send(String method, String path, String authorization, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + "/sim/paystack" + path);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
