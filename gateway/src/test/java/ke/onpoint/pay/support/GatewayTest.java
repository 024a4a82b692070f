package ke.onpoint.pay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.merchant.MerchantAccounts;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drives the whole gateway over real HTTP: embedded PostgreSQL, the Camel routes, and the Daraja simulator reached
 * by the production Daraja client. The port is fixed per JVM so the simulator's base URL and the CallBackURL
 * (both built from server.port) are known before the context starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
public abstract class GatewayTest {

    protected static final int PORT = freePort();
    /** The port this test's context listens on (test classes with their own context choose their own). */
    @org.springframework.boot.test.web.server.LocalServerPort
    protected int port;

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MerchantAccounts merchants;

    @Autowired
    private ke.onpoint.pay.ledger.LedgerVerification ledgerVerification;

    @Autowired
    private org.apache.camel.CamelContext camelContext;

    /** What {@code verify-ledger} checks holds after every scenario. */
    @org.junit.jupiter.api.AfterEach
    void theLedgerStillHolds() {
        assertThat(ledgerVerification.firstViolation())
                .as("verify-ledger after this test")
                .isEmpty();
    }

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        // a test class with a context of its own sets onpoint.test.port to a port of its own
        registry.add("server.port", () -> "${onpoint.test.port:" + PORT + "}");
    }

    public record Reply(
            int status, String contentType, JsonNode json, String body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    protected String newMerchantKey() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return merchants
                .create("Test Merchant " + unique, "ops-" + unique + "@merchant.test")
                .secretKey();
    }

    protected static String uniqueReference() {
        return "ORDER-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A valid M-Pesa initiation body for the phone and merchant reference given. */
    protected static String mpesaBody(String phone, String reference) {
        return "{\"amount\":100,\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"" + phone
                + "\",\"reference\":\"" + reference + "\",\"metadata\":{\"order_id\":\"" + reference + "\"}}";
    }

    protected Reply initiate(String key, String body) {
        return post("/api/v1/payments/initiate", key, body, Map.of());
    }

    /** Starts a card payment of this amount (KES as the API writes it, {@code "1500.50"}); asserts it was accepted. */
    protected Reply initiateCard(String key, String amount) {
        Reply created = initiate(
                key,
                "{\"amount\":" + amount + ",\"currency\":\"KES\",\"payment_method\":\"card\","
                        + "\"email\":\"customer@example.com\",\"reference\":\"" + uniqueReference() + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    /** The customer pays a started card payment on its processor's (simulated) checkout; returns it once completed. */
    protected JsonNode payOnCheckout(String key, Reply created) {
        String url = created.json().path("authorization_url").asText();
        String processor = created.json().path("provider").asText();
        Reply paid = post(
                "/sim/" + processor + "/__sim/checkout/" + url.substring(url.lastIndexOf('/') + 1) + "/pay",
                null,
                "{}",
                Map.of());
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        return awaitStatus(key, created.json().path("reference").asText(), "completed");
    }

    protected Reply get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(15));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    protected Reply post(String path, String key, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Any method, with a bearer token (API key or access token) and extra headers; a null body sends none. */
    protected Reply call(String method, String path, String token, String body, Map<String, String> headers) {
        return callAt(port, method, path, token, body, headers);
    }

    /** The same, to the gateway instance listening on {@code instancePort} (tests that start a second one). */
    protected static Reply callAt(
            int instancePort, String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + instancePort + path))
                .timeout(Duration.ofSeconds(15))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    protected Reply call(String method, String path, String token, String body) {
        return call(method, path, token, body, Map.of());
    }

    public static final String PASSWORD = "correct horse battery staple";

    /** A dashboard session: the tokens, and the merchant and user they belong to. */
    public record Session(
            String access, String refresh, String merchant, long merchantId, String email, String userId) {}

    protected Session register() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Reply reply = post("/api/v1/auth/register", null, """
                {"business_name":"Shop %s","email":"owner-%s@shop.test","password":"%s","phone":"0712345678"}""".formatted(unique, unique, PASSWORD), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return session(reply);
    }

    protected Session login(String email, String password) {
        Reply reply = post(
                "/api/v1/auth/login",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return session(reply);
    }

    private Session session(Reply reply) {
        JsonNode merchant = reply.json().path("merchant");
        String merchantId = merchant.path("id").asText(null);
        long id = merchantId == null
                ? 0
                : jdbc.queryForObject("SELECT id FROM merchants WHERE public_id = ?", Long.class, merchantId);
        return new Session(
                reply.json().at("/tokens/access").asText(),
                reply.json().at("/tokens/refresh").asText(),
                merchantId,
                id,
                reply.json().at("/user/email").asText(),
                reply.json().at("/user/id").asText());
    }

    /** A user of the owner's merchant with this role: invited by the owner, invitation accepted, logged in. */
    protected Session member(Session owner, String role) {
        String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
        Reply invited = post(
                "/api/v1/merchants/me/users",
                owner.access(),
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}",
                Map.of());
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        Reply accepted = post(
                "/api/v1/auth/accept-invite",
                null,
                "{\"token\":\"" + invited.json().path("invite_token").asText() + "\",\"password\":\"" + PASSWORD
                        + "\"}",
                Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        return session(accepted);
    }

    /** A new API key of the session's merchant; returns the secret. */
    protected String createKey(Session session, String mode, String... scopes) {
        Reply reply = post(
                "/api/v1/merchants/me/api-keys",
                session.access(),
                "{\"name\":\"key\",\"mode\":\"" + mode
                        + "\",\"scopes\":["
                        + String.join(
                                ",",
                                java.util.Arrays.stream(scopes)
                                        .map(s -> "\"" + s + "\"")
                                        .toList())
                        + "]}",
                Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("key").asText();
    }

    /** A gateway admin, created as the create-admin command does, and logged in. */
    protected Session admin(org.springframework.context.ApplicationContext context) {
        String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@onpoint.test";
        context.getBean(ke.onpoint.pay.merchant.MerchantUsers.class)
                .create(null, email, PASSWORD, ke.onpoint.pay.security.Role.ADMIN);
        return login(email, PASSWORD);
    }

    protected Reply payment(String key, String reference) {
        return get("/api/v1/payments/transactions/" + reference, key);
    }

    /**
     * How long a test waits for an outcome before it fails: far longer than any outcome takes, so a slow or loaded
     * machine never fails a test. A wait ends as soon as its event happens, so this costs nothing when all is well.
     */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Waits for an event: polls every 100 ms (the first poll at once) for up to {@link #PATIENCE}. */
    public static ConditionFactory eventually() {
        return Awaitility.await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100));
    }

    /**
     * Polls the payment until it matches, failing after {@code timeout} or {@link #PATIENCE}, whichever is longer
     * (the timeout says how long the scenario may take; no test fails on a slow machine for it).
     */
    protected JsonNode awaitPayment(String key, String reference, Predicate<JsonNode> condition, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            return eventually()
                    .atMost(timeout.compareTo(PATIENCE) > 0 ? timeout : PATIENCE)
                    .until(
                            () -> {
                                last.set(payment(key, reference).json());
                                return last.get();
                            },
                            condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Payment " + reference + " did not reach the expected state: " + last.get(), e);
        }
    }

    protected JsonNode awaitStatus(String key, String reference, String status) {
        return awaitPayment(key, reference, p -> status.equals(p.path("status").asText()), Duration.ofSeconds(20));
    }

    protected long outboxEvents(String reference) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ?", Long.class, reference);
    }

    protected long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The operator's Basic credentials of the test profile (ops / test-ops-password): Prometheus scrapes with them. */
    protected static final String OPS =
            "Basic " + Base64.getEncoder().encodeToString("ops:test-ops-password".getBytes(StandardCharsets.UTF_8));

    /** {@code /actuator/prometheus} as the operator's scraper reads it. */
    protected Reply scrapePrometheus() {
        return send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", OPS)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    protected static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // e.g. the Hawtio page
            }
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    json,
                    response.body(),
                    response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static void assertProblem(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(status);
        assertThat(reply.json().path("title").asText()).isNotBlank();
        if (field != null) {
            assertThat(reply.json().path("errors").findValuesAsText("field"))
                    .as(reply.body())
                    .contains(field);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Safaricom's documented STK callback for a CheckoutRequestID (receipt NLJ7RT61SV on success, KES 100 paid). */
    protected static String stkCallback(String checkout, int resultCode) {
        return stkCallback(checkout, "29115-34620561-1", resultCode);
    }

    /** The same, echoing the push's MerchantRequestID as Safaricom does. */
    protected static String stkCallback(String checkout, String merchantRequestId, int resultCode) {
        return """
                {"Body":{"stkCallback":{"MerchantRequestID":"%s","CheckoutRequestID":"%s",
                 "ResultCode":%d,"ResultDesc":"The service request is processed successfully.",
                 "CallbackMetadata":{"Item":[{"Name":"Amount","Value":100.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
                  {"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}
                """.formatted(merchantRequestId, checkout, resultCode);
    }

    /**
     * Runs {@code action} while the Daraja simulator answers reversals with an HTML 404 (the refund is then held for
     * review), then puts Daraja back to normal and closes the circuit breaker those failures opened, so the tests
     * after this one find M-Pesa available.
     */
    protected <T> T whileReversalsAnswerUnreadably(java.util.function.Supplier<T> action) {
        post("/sim/daraja/__sim/reversal/answer", null, "{\"mode\":\"html_404\"}", Map.of());
        try {
            return action.get();
        } finally {
            post("/sim/daraja/__sim/reversal/answer", null, "{\"mode\":\"normal\"}", Map.of());
            closeDarajaBreaker();
        }
    }

    /**
     * Daraja's failures a test provoked on purpose (they count in the breaker that pushes, queries and reversals
     * share) must not leave M-Pesa unavailable to the next test of this context, shared with other test classes.
     */
    protected void closeDarajaBreaker() {
        org.apache.camel.component.resilience4j.ResilienceProcessor breaker = camelContext.getProcessor(
                "daraja-breaker", org.apache.camel.component.resilience4j.ResilienceProcessor.class);
        if (breaker != null) {
            breaker.getCircuitBreaker().reset();
        }
    }

    /** How many OAuth tokens the Daraja simulator has issued (each fetch by any instance counts). */
    protected long darajaTokenRequests() {
        return get("/sim/daraja/__sim/stats", null)
                .json()
                .path("token_requests")
                .asLong();
    }

    /**
     * Posts an STK callback that names no payment (as if Daraja called about another system's push): kept for review
     * as unmatched. Returns its {@code provider_callbacks} id.
     */
    protected long unmatchedStkCallback(String checkout) {
        Reply unmatched =
                post("/api/v1/payments/mpesa/callback/dev-callback-token", null, stkCallback(checkout, 1032), Map.of());
        assertThat(unmatched.status()).as(unmatched.body()).isEqualTo(200);
        return jdbc.queryForObject(
                "SELECT id FROM provider_callbacks WHERE correlation_id = ? AND outcome = 'unmatched'",
                Long.class,
                checkout);
    }
}
