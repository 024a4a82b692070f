package ke.onpoint.pay.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.support.GatewayTest;
import org.awaitility.Awaitility;

/** The valid requests that set up what the campaign's bad input refers to (merchants, keys, payments, a document). */
final class CampaignGateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    CampaignGateway(int port) {
        this.port = port;
    }

    JsonNode register() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return call("POST", "/api/v1/auth/register", null, """
                {"business_name":"Campaign %s","email":"owner-%s@shop.test","password":"%s","phone":"0712345678"}""".formatted(unique, unique, GatewayTest.PASSWORD));
    }

    JsonNode login(String email) {
        return call(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + GatewayTest.PASSWORD + "\"}");
    }

    String createKey(String access, String... scopes) {
        return call(
                        "POST",
                        "/api/v1/merchants/me/api-keys",
                        access,
                        "{\"name\":\"campaign\",\"mode\":\"test\",\"scopes\":["
                                + String.join(
                                        ",",
                                        java.util.Arrays.stream(scopes)
                                                .map(s -> "\"" + s + "\"")
                                                .toList()) + "]}")
                .path("key")
                .asText();
    }

    /** An M-Pesa payment the simulator completes; returns its gateway reference once it is completed. */
    String completedPayment(String key) {
        String reference = call(
                        "POST",
                        "/api/v1/payments/initiate",
                        key,
                        "{\"amount\":100,\"currency\":\"KES\","
                                + "\"payment_method\":\"mpesa\",\"phone\":\"254708374149\",\"reference\":\"CAMPAIGN-"
                                + UUID.randomUUID().toString().substring(0, 8) + "\"}")
                .path("reference")
                .asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "completed"
                        .equals(call("GET", "/api/v1/payments/transactions/" + reference, key, null)
                                .path("status")
                                .asText()));
        return reference;
    }

    String uploadKyc(String access) {
        String body = "--campaign\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nbank_letter\r\n"
                + "--campaign\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 letter\r\n--campaign--\r\n";
        return send(HttpRequest.newBuilder(uri("/api/v1/merchants/me/kyc-documents"))
                        .header("Authorization", "Bearer " + access)
                        .header("Content-Type", "multipart/form-data; boundary=campaign")
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .path("id")
                .asText();
    }

    JsonNode call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        "campaign set-up failed: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
