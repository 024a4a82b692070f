package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input no gateway can store, parse or route is a 4xx application/problem+json answer naming what was wrong, on every
 * endpoint and from every layer (routes, filters, Spring MVC, the firewall, Tomcat), and it writes nothing.
 */
class MalformedInputIT extends GatewayTest {

    private static final String CALLBACK = "/api/v1/payments/mpesa/callback/dev-callback-token";
    // one merchant for the class: registering hashes a password, which dominates a test of one request
    private static Session owner;
    private static String key;

    @BeforeEach
    void merchant() {
        if (owner == null) {
            owner = register();
            key = createKey(owner, "test", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        }
    }

    // ---- 1. NUL, invalid UTF-8 and lone surrogates in anything that gets stored
    // --------------------------------------

    static Stream<Arguments> textPostgresCannotStore() {
        String payment = "{\"amount\":100,\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"0712345678\","
                + "\"reference\":\"MARK\",";
        return Stream.of(
                Arguments.of(
                        "escaped NUL in description",
                        "/api/v1/payments/initiate",
                        payment + "\"description\":\"a\\u0000b\"}",
                        422,
                        "description"),
                Arguments.of(
                        "escaped NUL in a metadata value",
                        "/api/v1/payments/initiate",
                        payment + "\"metadata\":{\"order\":\"1\\u0000\"}}",
                        422,
                        "metadata.order"),
                Arguments.of(
                        "escaped NUL in a metadata key",
                        "/api/v1/payments/initiate",
                        payment + "\"metadata\":{\"o\\u0000\":\"1\"}}",
                        422,
                        "metadata"),
                Arguments.of(
                        "lone high surrogate in description",
                        "/api/v1/payments/initiate",
                        payment + "\"description\":\"a\\ud800b\"}",
                        422,
                        "description"),
                Arguments.of(
                        "lone low surrogate in metadata",
                        "/api/v1/payments/initiate",
                        payment + "\"metadata\":{\"n\":\"\\udc00\"}}",
                        422,
                        "metadata.n"),
                Arguments.of(
                        "raw NUL byte in description",
                        "/api/v1/payments/initiate",
                        payment + "\"description\":\"a\0b\"}",
                        400,
                        "body"),
                Arguments.of(
                        "escaped NUL in business_name",
                        "/api/v1/auth/register",
                        "{\"business_name\":\"Acme\\u0000 MARK\",\"email\":\"o-MARK@shop.test\",\"password\":\""
                                + PASSWORD + "\"}",
                        422,
                        "business_name"),
                Arguments.of(
                        "escaped NUL in email",
                        "/api/v1/auth/register",
                        "{\"business_name\":\"Acme MARK\",\"email\":\"o\\u0000-MARK@shop.test\",\"password\":\""
                                + PASSWORD + "\"}",
                        422,
                        "email"),
                Arguments.of(
                        "escaped NUL in a login email",
                        "/api/v1/auth/login",
                        "{\"email\":\"o\\u0000-MARK@shop.test\",\"password\":\"x\"}",
                        422,
                        "email"),
                Arguments.of(
                        "escaped NUL in an STK callback",
                        CALLBACK,
                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"ws_CO_MARK\\u0000\",\"ResultCode\":0}}}",
                        422,
                        "Body.stkCallback.CheckoutRequestID"),
                Arguments.of(
                        "raw NUL in an STK callback without a valid token",
                        "/api/v1/payments/mpesa/callback/wrong-token",
                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"ws_CO_MARK\0\"}}}",
                        400,
                        "body"),
                Arguments.of(
                        "escaped NUL in a tokenless STK callback",
                        "/api/v1/payments/mpesa/callback",
                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"ws_CO_MARK\\u0000\"}}}",
                        422,
                        "Body.stkCallback.CheckoutRequestID"),
                Arguments.of(
                        "escaped NUL in a C2B confirmation",
                        "/api/v1/payments/mpesa/confirmation/dev-callback-token",
                        "{\"TransID\":\"MARK\\u0000\",\"TransAmount\":\"10\"}",
                        422,
                        "TransID"),
                Arguments.of(
                        "escaped NUL in a Paystack webhook",
                        "/api/v1/payments/paystack/webhook",
                        "{\"event\":\"charge.success\",\"data\":{\"reference\":\"MARK\\u0000\"}}",
                        422,
                        "data.reference"),
                Arguments.of(
                        "escaped NUL in a Flutterwave webhook",
                        "/api/v1/payments/flutterwave/webhook",
                        "{\"event\":\"charge.completed\",\"data\":{\"tx_ref\":\"MARK\\u0000\"}}",
                        422,
                        "data.tx_ref"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textPostgresCannotStore")
    void nulCharacterInAStoredStringIsA4xxNotA500(String name, String path, String body, int status, String field) {
        String marker = "M" + UUID.randomUUID().toString().substring(0, 8);
        String stored = storedRows();

        Reply reply = post(
                path,
                path.startsWith("/api/v1/payments/initiate") ? key : null,
                body.replace("MARK", marker),
                Map.of());

        assertProblem(reply, status, field);
        assertThat(reply.body()).doesNotContain("SQL").doesNotContain("0x00");
        assertThat(storedRows()).isEqualTo(stored);
        assertThat(count("SELECT count(*) FROM provider_callbacks WHERE payload LIKE ?", "%" + marker + "%"))
                .isZero();
    }

    @Test
    void invalidUtf8InABodyIsA400NotA500() {
        String stored = storedRows();
        byte[] latin1 = ("{\"amount\":100,\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"0712345678\","
                        + "\"reference\":\"R-LATIN1\",\"description\":\"Caf\u00e9 \u00e0 Nairobi\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
        Reply payment = send(HttpRequest.newBuilder(uri("/api/v1/payments/initiate"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1))
                .build());
        assertProblem(payment, 400, "body");

        byte[] rawNul = "{\"business_name\":\"Acme \0\",\"email\":\"x@shop.test\",\"password\":\"long enough pass\"}"
                .getBytes(StandardCharsets.UTF_8);
        Reply register = send(HttpRequest.newBuilder(uri("/api/v1/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rawNul))
                .build());
        assertProblem(register, 400, "body");

        byte[] cesu = {
            '{', '"', 'T', 'r', 'a', 'n', 's', 'I', 'D', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
        };
        Reply callback = send(HttpRequest.newBuilder(uri("/api/v1/payments/mpesa/confirmation/wrong-token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(cesu))
                .build());
        assertProblem(callback, 400, "body");
        assertThat(storedRows()).isEqualTo(stored);
    }

    @Test
    void nulCharacterInAQueryParameterIsA4xxNotA500() {
        assertProblem(get("/api/v1/payments/transactions?status=%00", key), 422, "status");
        assertProblem(get("/api/v1/audit-logs?action=a%00b", owner.access()), 422, "action");
    }

    // ---- 2. Jackson's limits
    // ------------------------------------------------------------------------------------------

    static Stream<Arguments> jsonEndpoints() {
        return Stream.of(
                Arguments.of("/api/v1/auth/login"),
                Arguments.of("/api/v1/auth/register"),
                Arguments.of("/api/v1/payments/initiate"),
                Arguments.of("/api/v1/payments/status"),
                Arguments.of("/api/v1/payments/refund"),
                Arguments.of("/api/v1/merchants/me/api-keys"),
                Arguments.of(CALLBACK),
                Arguments.of("/api/v1/payments/mpesa/confirmation/dev-callback-token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonEndpoints")
    void jsonBeyondJacksonsLimitsIsA400NotANullPointer(String path) {
        String token = path.contains("/merchants/")
                ? owner.access()
                : path.contains("/payments/") && !path.contains("/mpesa/") ? key : null;
        String stored = storedRows();

        Reply deep = post(path, token, "[".repeat(1500) + "]".repeat(1500), Map.of());
        assertProblem(deep, 400, "body");
        assertThat(deep.body()).doesNotContain("NullPointerException");
        Reply longNumber = post(path, token, "{\"amount\":" + "1".repeat(2000) + ",\"currency\":\"KES\"}", Map.of());
        assertProblem(longNumber, 400, "body");
        assertThat(storedRows()).isEqualTo(stored);
    }

    // ---- 3. KYC multipart
    // ---------------------------------------------------------------------------------------------

    @Test
    void kycUploadWithMalformedMultipartOrNulInTheFileNameIsA400Problem() {
        String stored = storedRows();
        String pdf = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
        byte[] nulName =
                ("--XYZ\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ncertificate_of_incorporation\r\n"
                                + "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cert\0.pdf\"\r\n"
                                + "Content-Type: application/pdf\r\n\r\n" + pdf + "\r\n--XYZ--\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
        byte[] truncated = ("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cert.pdf\"\r\n\r\n"
                        + pdf)
                .getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> bodies = Map.of(
                "multipart/form-data; boundary=XYZ",
                nulName,
                "multipart/form-data",
                "no boundary at all".getBytes(StandardCharsets.US_ASCII),
                "multipart/form-data; boundary=XYZ ",
                truncated);
        bodies.forEach((type, body) -> {
            Reply reply = send(HttpRequest.newBuilder(uri("/api/v1/merchants/me/kyc-documents"))
                    .header("Authorization", "Bearer " + owner.access())
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
            assertThat(reply.status()).as(type + " " + reply.body()).isBetween(400, 499);
            assertThat(reply.contentType()).startsWith(ProblemResponses.PROBLEM_JSON);
            assertThat(reply.body()).doesNotContain("timestamp");
        });
        assertThat(storedRows()).isEqualTo(stored);
    }

    // ---- 4. Errors raised outside the routes are problem+json too
    // -----------------------------------------------------

    static Stream<Arguments> requestsTomcatOrTheFirewallRefuse() {
        String tail = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        return Stream.of(
                Arguments.of("bad percent-encoding", "GET /api/v1/payments/transactions/%zz" + tail, 400),
                Arguments.of("invalid UTF-8 in the path", "GET /api/v1/payments/transactions/%ff%fe" + tail, 400),
                Arguments.of("NUL in the path", "GET /api/v1/payments/transactions/%00" + tail, 400),
                Arguments.of("encoded slash", "GET /api/v1/payments/transactions/a%2Fb" + tail, 400),
                Arguments.of("encoded traversal", "GET /api/v1/payments/..%2F..%2Fetc%2Fpasswd" + tail, 400),
                Arguments.of("semicolon in the path", "GET /api/v1/payments/transactions/a;b" + tail, 400),
                Arguments.of("double slash", "GET /api/v1//payments/transactions" + tail, 400),
                Arguments.of("braces in the path", "GET /api/v1/payments/transactions/{x}" + tail, 400),
                Arguments.of(
                        "control character in the request line", "GET /api/v1/payments/transactions\u0001" + tail, 400),
                Arguments.of(
                        "control character in a header",
                        "GET /api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\n"
                                + "X-Note: a\u0001b\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "header line without a colon",
                        "GET /api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\n"
                                + "No colon here\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "space in a header name",
                        "GET /api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\n"
                                + "Bad Name: x\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "invalid Host",
                        "GET /api/v1/payments/transactions HTTP/1.1\r\nHost: bad host name\r\n"
                                + "Connection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "two Host headers",
                        "GET /api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\n"
                                + "Host: other\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "non-numeric Content-Length",
                        "POST /api/v1/payments/initiate HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Length: abc\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of("TRACE", "TRACE /api/v1/payments/transactions" + tail, 405),
                Arguments.of("unknown method", "FOO /api/v1/payments/transactions" + tail, 405),
                Arguments.of("the error page itself", "GET /error" + tail, 404),
                Arguments.of("unknown path", "GET /api/v1/nothing-here" + tail, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTomcatOrTheFirewallRefuse")
    void errorBodiesThatAreNotProblemJson(String name, String request, int status) {
        RawReply reply = raw(request);
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.text()).startsWith(ProblemResponses.PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(reply.text())
                .doesNotContain("<html")
                .doesNotContain("timestamp")
                .doesNotContain("Apache Tomcat");
    }

    @Test
    void corsRefusalIsProblemJson() {
        Reply preflight = call(
                "OPTIONS",
                "/api/v1/payments/transactions",
                null,
                null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"));
        assertProblem(preflight, 403, "Origin");
        assertThat(preflight.body()).doesNotContain("Invalid CORS request");
    }

    @Test
    void unacceptableAcceptHeaderIsA406ProblemNotAnEmptyBody() {
        for (String accept : new String[] {"text/html", "B7t", "k7WG&9+;Nw/%uq-y_r"}) {
            Reply reply = call("GET", "/api/v1/payments/transactions/pay_nobody", key, null, Map.of("Accept", accept));
            assertProblem(reply, 406, null);
        }
    }

    // ---- 5. Wrongly accepted
    // ------------------------------------------------------------------------------------------

    @Test
    void emptyCurrencyIsRefusedNotTakenAsKes() {
        String stored = storedRows();
        Reply reply = initiate(
                key,
                "{\"amount\":100,\"currency\":\"\",\"payment_method\":\"mpesa\",\"phone\":\"0712345678\","
                        + "\"reference\":\"" + uniqueReference() + "\"}");
        assertProblem(reply, 422, "currency");
        assertThat(storedRows()).isEqualTo(stored);
    }

    @Test
    void auditLogsInAnUnknownFormatIsRefusedNamingFormat() {
        Reply xml = get("/api/v1/audit-logs?format=xml", owner.access());
        assertProblem(xml, 422, "format");
        assertThat(get("/api/v1/audit-logs?format=json", owner.access()).status())
                .isEqualTo(200);
        assertThat(get("/api/v1/audit-logs?format=csv", owner.access()).contentType())
                .startsWith("text/csv");
    }

    @Test
    void webhookUrlWithCredentialsIsNotStored() {
        assertThat(call("PUT", "/api/v1/merchants/me/webhook", key, "{\"url\":\"https://merchant.example/hook\"}")
                        .status())
                .isEqualTo(200);
        String stored = storedRows();
        for (String url : List.of("https://user:pass@merchant.example/hook", "https://token@merchant.example/hook")) {
            assertProblem(call("PUT", "/api/v1/merchants/me/webhook", key, "{\"url\":\"" + url + "\"}"), 422, "url");
        }
        assertThat(storedRows()).isEqualTo(stored);
        assertThat(jdbc.queryForObject(
                        "SELECT webhook_url FROM merchants WHERE id = ?", String.class, owner.merchantId()))
                .isEqualTo("https://merchant.example/hook");
        assertProblem(
                initiate(
                        key,
                        "{\"amount\":100,\"payment_method\":\"mpesa\",\"phone\":\"0712345678\",\"reference\":\""
                                + uniqueReference() + "\",\"callback_url\":\"https://u:p@merchant.example/cb\"}"),
                422,
                "callback_url");
    }

    // ---- helpers
    // ------------------------------------------------------------------------------------------------------

    /** What a refused request must not change: this merchant's rows, and the registrations. */
    private String storedRows() {
        long merchant = owner.merchantId();
        return String.join(
                ",",
                String.valueOf(count("SELECT count(*) FROM merchants")),
                String.valueOf(count("SELECT count(*) FROM users")),
                String.valueOf(count("SELECT count(*) FROM payments WHERE merchant_id = ?", merchant)),
                String.valueOf(count("SELECT count(*) FROM outbox_events WHERE merchant_id = ?", merchant)),
                String.valueOf(count("SELECT count(*) FROM idempotency_keys WHERE merchant_id = ?", merchant)),
                String.valueOf(count("SELECT count(*) FROM kyc_documents WHERE merchant_id = ?", merchant)),
                String.valueOf(count("SELECT count(*) FROM audit_logs WHERE merchant_id = ?", merchant)),
                jdbc.queryForObject(
                        "SELECT coalesce(webhook_url, '') || updated_at FROM merchants WHERE id = ?",
                        String.class,
                        merchant));
    }

    record RawReply(int status, Map<String, String> headers, String text) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1));
            } catch (IOException | StringIndexOutOfBoundsException e) {
                throw new AssertionError("not a JSON body: " + text, e);
            }
        }
    }

    /** Bytes no HTTP client library would send: written to the socket as they are. */
    private RawReply raw(String request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.UTF_8);
            String[] parts = text.split("\r\n\r\n", 2);
            String[] lines = parts[0].split("\r\n");
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(
                            lines[i].substring(0, colon).trim(),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new RawReply(Integer.parseInt(lines[0].split(" ")[1]), headers, parts.length > 1 ? parts[1] : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
