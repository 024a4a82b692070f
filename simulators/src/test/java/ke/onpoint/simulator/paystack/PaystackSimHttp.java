package ke.onpoint.simulator.paystack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    /** A 200/201 answer's JSON, with Paystack's {@code "status":true}. */
    static JsonNode ok(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("status").asBoolean()).as(response.body()).isTrue();
        return body;
    }

    static void assertPaystackError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("status").isBoolean()).isTrue();
        assertThat(body.get("status").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isEqualTo(message);
    }

    /** x-paystack-signature computed here, independently of the simulator's signing code. */
    static String hmacSha512(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
