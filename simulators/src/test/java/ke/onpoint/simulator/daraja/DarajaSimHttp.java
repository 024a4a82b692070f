package ke.onpoint.simulator.daraja;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain HTTP against the Daraja simulator the way the gateway's client calls it: OAuth token, JSON POSTs with a
 * bearer, the SecurityCredential built from the simulator certificate, and Daraja's error envelope checked.
 */
final class DarajaSimHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INITIATOR = "testapi";
    static final String PASSWORD = "Safaricom999!*!";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final int port;

    DarajaSimHttp(int port) {
        this.port = port;
    }

    /** A bearer header with a fresh token (the test contexts' consumer key and secret). */
    String bearer() throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/oauth/v1/generate?grant_type=client_credentials"))
                        .header("Authorization", basic)
                        .GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return "Bearer " + json(response).get("access_token").asText();
    }

    /** base64(RSA/ECB/PKCS1Padding(password)) with the simulator certificate, as the gateway builds it. */
    static String credential(String password) throws Exception {
        X509Certificate certificate;
        try (InputStream in = DarajaSimHttp.class.getResourceAsStream("/mpesa/simulator-certificate.cer")) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, certificate.getPublicKey());
        return Base64.getEncoder().encodeToString(cipher.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> post(String path, String authorization, JsonNode body) throws Exception {
        return post(path, authorization, body.toString());
    }

    HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    HttpResponse<String> put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A 200 answer's JSON. */
    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + "/sim/daraja" + path);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static void assertDarajaError(HttpResponse<String> response, int status, String code, String message)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("requestId").asText()).isNotBlank();
        assertThat(body.get("errorCode").asText()).isEqualTo(code);
        assertThat(body.get("errorMessage").asText()).isEqualTo(message);
    }

    /** A Result's ResultParameters by Key (the only safe way to read them). */
    static Map<String, JsonNode> parameters(JsonNode result) {
        Map<String, JsonNode> parameters = new HashMap<>();
        result.at("/ResultParameters/ResultParameter")
                .forEach(p -> parameters.put(p.get("Key").asText(), p));
        return parameters;
    }
}
