package ke.onpoint.simulator.daraja;

import static ke.onpoint.simulator.SimulatorAwait.awaitIdle;
import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.CallbackReceiver;
import ke.onpoint.simulator.SimulatorOnlyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The Daraja simulator over real HTTP, the way the gateway's Daraja client will use it, with a real HTTP listener
 * as CallBackURL. Delays are shortened so every scenario finishes in well under a few seconds.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = DarajaSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.daraja.enabled=true",
            "onpoint.simulator.daraja.consumer-key=test-key",
            "onpoint.simulator.daraja.consumer-secret=test-secret",
            "onpoint.simulator.daraja.shortcode=174379",
            "onpoint.simulator.daraja.passkey=test-passkey",
            "onpoint.simulator.daraja.token-ttl=3599s",
            "onpoint.simulator.daraja.invalidate-previous-token=false",
            "onpoint.simulator.daraja.callback-delay=200ms",
            "onpoint.simulator.daraja.cancel-delay=300ms",
            "onpoint.simulator.daraja.timeout-delay=500ms",
            "onpoint.simulator.daraja.late-delay=2s",
            "onpoint.simulator.daraja.duplicate-gap=100ms",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false", // no database in a simulator-only context
            "logging.file.name=target/daraja-simulator-test.log"
        })
class DarajaSimulatorTest {

    /** Only the simulator and Spring MVC (nested, so no other test's component scan sees it). */
    @SimulatorOnlyApplication
    @Import(DarajaSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    private static final String SHORTCODE = "174379";
    private static final String PASSKEY = "test-passkey";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Every callback body the listener received, in arrival order. */
    private static final List<JsonNode> CALLBACKS = new CopyOnWriteArrayList<>();

    private static final List<String> RAW_CALLBACKS = new CopyOnWriteArrayList<>();
    private static CallbackReceiver listener;
    private static String callbackUrl;

    @Autowired
    private DarajaStkTransactions stkTransactions;

    @Autowired
    private DarajaCallbackSender callbackSender;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startListener() {
        listener = CallbackReceiver.start("/mpesa/callback", request -> {
            RAW_CALLBACKS.add(request.text());
            CALLBACKS.add(JSON.readTree(request.text()));
            return CallbackReceiver.Reply.json(200, "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}");
        });
        callbackUrl = listener.url();
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    @BeforeEach
    void resetSimulator() throws Exception {
        assertThat(post("/__sim/reset", null, "{}").statusCode()).isEqualTo(200);
    }

    // ---- OAuth ----

    @Test
    void issuesTokenForGoodBasicCredentialsWithExpiresInAsString() throws Exception {
        HttpResponse<String> response = tokenRequest(basic("test-key", "test-secret"), "client_credentials");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("access_token").asText()).matches("[A-Za-z0-9]{28}");
        assertThat(body.get("expires_in").isTextual()).isTrue();
        assertThat(body.get("expires_in").asText()).isEqualTo("3599");
        assertThat(json(get("/__sim/stats")).get("token_requests").asLong()).isEqualTo(1);
    }

    @Test
    void rejectsBadOrMissingBasicCredentialsAndWrongGrantType() throws Exception {
        assertDarajaError(
                tokenRequest(basic("test-key", "wrong"), "client_credentials"),
                400,
                "400.008.01",
                "Invalid Authentication passed");
        assertDarajaError(tokenRequest(null, "client_credentials"), 400, "400.008.01", "Invalid Authentication passed");
        assertDarajaError(
                tokenRequest("Basic !!!not-base64", "client_credentials"),
                400,
                "400.008.01",
                "Invalid Authentication passed");
        assertDarajaError(
                tokenRequest(basic("test-key", "test-secret"), "password"),
                400,
                "400.008.02",
                "Invalid grant type passed");
    }

    @Test
    void expiredOrMissingTokenIsInvalidAccessToken() throws Exception {
        String token = token();
        assertThat(push(token, stkBody("254708374100", 10)).statusCode()).isEqualTo(200);

        assertThat(json(post("/__sim/oauth/expire-tokens", null, ""))
                        .get("expired_tokens")
                        .asInt())
                .isPositive();

        assertDarajaError(push(token, stkBody("254708374100", 10)), 404, "404.001.03", "Invalid Access Token");
        assertDarajaError(query(token, "ws_CO_unknown"), 404, "404.001.03", "Invalid Access Token");
        assertDarajaError(push(null, stkBody("254708374100", 10)), 404, "404.001.03", "Invalid Access Token");
        // a fresh token works again: the client's "refresh once and retry" path
        assertThat(push(token(), stkBody("254708374100", 10)).statusCode()).isEqualTo(200);
    }

    // ---- STK Push: success and callbacks ----

    @Test
    void successfulPushSendsSafaricomShapedCallbackAndQueryAgrees() throws Exception {
        String token = token();
        HttpResponse<String> response = push(token, stkBody("254708374100", 150));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode accepted = json(response);
        assertThat(accepted.get("ResponseCode").isTextual()).isTrue();
        assertThat(accepted.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(accepted.get("ResponseDescription").asText()).isEqualTo("Success. Request accepted for processing");
        assertThat(accepted.get("CustomerMessage").asText()).isEqualTo("Success. Request accepted for processing");
        assertThat(accepted.get("MerchantRequestID").asText())
                .matches("[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]+\\d+");
        String checkoutId = accepted.get("CheckoutRequestID").asText();
        assertThat(checkoutId).matches("ws_CO_\\d{14}\\d+");

        JsonNode stkCallback = awaitCallbacks(checkoutId, 1).get(0).get("Body").get("stkCallback");
        assertThat(stkCallback.get("MerchantRequestID").asText())
                .isEqualTo(accepted.get("MerchantRequestID").asText());
        assertThat(stkCallback.get("ResultCode").isNumber()).isTrue();
        assertThat(stkCallback.get("ResultCode").asInt()).isZero();
        assertThat(stkCallback.get("ResultDesc").asText()).isEqualTo("The service request is processed successfully.");
        Map<String, JsonNode> items = itemsByName(stkCallback);
        assertThat(items.keySet())
                .containsExactlyInAnyOrder("Amount", "MpesaReceiptNumber", "Balance", "TransactionDate", "PhoneNumber");
        assertThat(items.get("Amount").get("Value").isNumber()).isTrue();
        assertThat(items.get("Amount").get("Value").asLong()).isEqualTo(150);
        assertThat(items.get("MpesaReceiptNumber").get("Value").asText()).matches("[A-Z][A-Z0-9]{9}");
        assertThat(items.get("Balance").has("Value")).isFalse();
        assertThat(items.get("TransactionDate").get("Value").isNumber()).isTrue();
        assertThat(items.get("TransactionDate").get("Value").asText()).matches("20\\d{12}");
        assertThat(items.get("PhoneNumber").get("Value").isNumber()).isTrue();
        assertThat(items.get("PhoneNumber").get("Value").asLong()).isEqualTo(254708374100L);

        JsonNode queried = json(query(token, checkoutId));
        assertThat(queried.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(queried.get("ResultCode").isTextual()).isTrue();
        assertThat(queried.get("ResultCode").asText()).isEqualTo("0");
        assertThat(queried.get("ResponseDescription").asText())
                .isEqualTo("The service request has been accepted successsfully");

        JsonNode view = json(get("/__sim/transactions/" + checkoutId));
        assertThat(view.get("status").asText()).isEqualTo("final");
        assertThat(view.get("receipt").asText())
                .isEqualTo(items.get("MpesaReceiptNumber").get("Value").asText());
        assertThat(view.get("amount").asLong()).isEqualTo(150);
        assertThat(view.get("phone").asText()).isEqualTo("254708374100");

        JsonNode log = awaitValue(
                () -> json(get("/__sim/callbacks?checkout_request_id=" + checkoutId)),
                l -> l.get("count").asInt() == 1);
        assertThat(log.get("callbacks").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(log.get("callbacks").get(0).get("url").asText()).isEqualTo(callbackUrl);
    }

    @Test
    void cancelledByUserSendsFailureCallbackWithoutMetadata() throws Exception {
        String checkoutId = acceptedPush(token(), "254708374132");

        JsonNode stkCallback = awaitCallbacks(checkoutId, 1).get(0).get("Body").get("stkCallback");
        assertThat(stkCallback.get("ResultCode").isNumber()).isTrue();
        assertThat(stkCallback.get("ResultCode").asInt()).isEqualTo(1032);
        assertThat(stkCallback.get("ResultDesc").asText()).isEqualTo("Request cancelled by user");
        assertThat(stkCallback.has("CallbackMetadata")).isFalse();
    }

    @Test
    void insufficientFundsAndUnreachableUseTheirCodes() throws Exception {
        String token = token();
        String insufficient = acceptedPush(token, "254708374101");
        String unreachable = acceptedPush(token, "254108374137");

        assertThat(awaitCallbacks(insufficient, 1)
                        .get(0)
                        .at("/Body/stkCallback/ResultCode")
                        .asInt())
                .isEqualTo(1);
        JsonNode timeout = awaitCallbacks(unreachable, 1).get(0).at("/Body/stkCallback");
        assertThat(timeout.get("ResultCode").asInt()).isEqualTo(1037);
        assertThat(timeout.get("ResultDesc").asText()).isEqualTo("DS timeout user cannot be reached");
    }

    @Test
    void duplicateScenarioSendsTheIdenticalCallbackTwice() throws Exception {
        String checkoutId = acceptedPush(token(), "254708374191");

        awaitCallbacks(checkoutId, 2);
        List<String> raw =
                RAW_CALLBACKS.stream().filter(body -> body.contains(checkoutId)).toList();
        assertThat(raw).hasSize(2);
        assertThat(raw.get(0)).isEqualTo(raw.get(1));
        assertThat(JSON.readTree(raw.get(0)).at("/Body/stkCallback/ResultCode").asInt())
                .isZero();
    }

    @Test
    void noCallbackScenarioResolvesSilentlyAndOnlyQueryTells() throws Exception {
        String token = token();
        String checkoutId = acceptedPush(token, "254708374190");

        HttpResponse<String> finalAnswer = awaitValue(() -> query(token, checkoutId), r -> r.statusCode() == 200);
        assertThat(json(finalAnswer).get("ResultCode").asText()).isEqualTo("0");
        // The outcome was decided before the query could see it; a callback, had one been sent, would be under way.
        awaitCallbacksSettled(checkoutId);
        assertThat(callbacksFor(checkoutId)).isEmpty();
        assertThat(json(get("/__sim/callbacks?checkout_request_id=" + checkoutId))
                        .get("count")
                        .asInt())
                .isZero();
    }

    @Test
    void queryWhilePendingIsBeingProcessedThenFinalAfterLateDelay() throws Exception {
        String token = token();
        String checkoutId = acceptedPush(token, "254708374192");

        HttpResponse<String> pending = query(token, checkoutId);
        assertThat(pending.statusCode()).isEqualTo(500);
        JsonNode error = json(pending);
        assertThat(error.get("requestId").asText()).isEqualTo(checkoutId);
        assertThat(error.get("errorCode").asText()).isEqualTo("500.001.1001");
        assertThat(error.get("errorMessage").asText()).isEqualTo("The transaction is being processed");
        assertThat(json(get("/__sim/transactions/" + checkoutId)).get("status").asText())
                .isEqualTo("pending");

        assertThat(awaitCallbacks(checkoutId, 1)
                        .get(0)
                        .at("/Body/stkCallback/ResultCode")
                        .asInt())
                .isZero();
        assertThat(json(query(token, checkoutId)).get("ResultCode").asText()).isEqualTo("0");
    }

    @Test
    void queryOfUnknownCheckoutRequestIdIsInvalid() throws Exception {
        assertDarajaError(
                query(token(), "ws_CO_01012024000000000"),
                400,
                "400.002.02",
                "Bad Request - Invalid CheckoutRequestID");
    }

    // ---- STK Push: synchronous errors ----

    @Test
    void wrongPasswordIsWrongCredentials() throws Exception {
        String token = token();
        ObjectNode body = stkBody("254708374100", 10);
        body.put(
                "Password",
                StkPasswords.password(
                        SHORTCODE, "another-passkey", body.get("Timestamp").asText()));
        assertDarajaError(push(token, body), 500, "500.001.1001", "[MerchantValidate] - Wrong credentials");

        ObjectNode queryBody = queryBody("ws_CO_whatever");
        queryBody.put("Password", "d3Jvbmc=");
        assertDarajaError(
                postJson("/mpesa/stkpushquery/v1/query", "Bearer " + token, queryBody),
                500,
                "500.001.1001",
                "[MerchantValidate] - Wrong credentials");
    }

    @Test
    void invalidFieldsAreNamed() throws Exception {
        String token = token();
        assertInvalidField(token, b -> b.put("Amount", 10.5), "Amount");
        assertInvalidField(token, b -> b.put("Amount", 0), "Amount");
        assertInvalidField(token, b -> b.put("Amount", 250001), "Amount");
        assertInvalidField(token, b -> b.put("Amount", "ten"), "Amount");
        assertInvalidField(token, b -> b.put("PhoneNumber", "0708374100"), "PhoneNumber");
        assertInvalidField(token, b -> b.put("PhoneNumber", "+254708374100"), "PhoneNumber");
        assertInvalidField(token, b -> b.put("PartyA", "254608374100"), "PartyA");
        assertInvalidField(token, b -> b.put("BusinessShortCode", "600000"), "BusinessShortCode");
        assertInvalidField(token, b -> b.put("TransactionType", "CustomerPayBill"), "TransactionType");
        assertInvalidField(token, b -> b.put("CallBackURL", "/relative/path"), "CallBackURL");
        assertInvalidField(token, b -> b.put("AccountReference", "THIRTEEN-CHAR"), "AccountReference");
        assertInvalidField(token, b -> b.put("TransactionDesc", "fourteen chars"), "TransactionDesc");
        assertInvalidField(token, b -> b.remove("PartyB"), "PartyB");
        assertInvalidField(
                token,
                b -> {
                    String stale = StkPasswords.timestamp(Instant.now().minus(Duration.ofHours(2)));
                    b.put("Timestamp", stale).put("Password", StkPasswords.password(SHORTCODE, PASSKEY, stale));
                },
                "Timestamp");

        // whole amounts as numeric strings and numeric MSISDNs/shortcodes are accepted, as Daraja does
        ObjectNode lenient = stkBody("254708374100", 10);
        lenient.put("Amount", "100").put("PartyA", 254708374100L).put("BusinessShortCode", 174379);
        assertThat(push(token, lenient).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedPayloadOrWrongContentTypeIsInvalidPayload() throws Exception {
        String token = token();
        HttpResponse<String> malformed = send(HttpRequest.newBuilder(uri("/mpesa/stkpush/v1/processrequest"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"BusinessShortCode\":")));
        assertDarajaError(malformed, 400, "400.002.05", "Invalid request payload");

        HttpResponse<String> notJson = send(HttpRequest.newBuilder(uri("/mpesa/stkpush/v1/processrequest"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(
                        stkBody("254708374100", 10).toString())));
        assertDarajaError(notJson, 400, "400.002.05", "Invalid request payload");
    }

    @Test
    void suffix93IsSpikeArrestAndSuffix94IsInvalidPhone() throws Exception {
        String token = token();
        assertDarajaError(push(token, stkBody("254708374193", 10)), 500, "500.003.02", "Spike Arrest Violation");
        assertDarajaError(
                push(token, stkBody("254708374194", 10)), 400, "400.002.02", "Bad Request - Invalid PhoneNumber");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertDarajaError(get("/mpesa/nothing/v1/here"), 404, "404.001.01", "Resource not found");
        assertDarajaError(get("/mpesa/stkpush/v1/processrequest"), 405, "405.001", "Method Not Allowed");
        assertDarajaError(post("/oauth/v1/generate", null, "{}"), 405, "405.001", "Method Not Allowed");
    }

    // ---- Faults ----

    @Test
    void downFaultAnswers503OnDarajaEndpointsButNotOnControlEndpoints() throws Exception {
        String token = token();
        assertThat(json(post("/__sim/faults", null, "{\"mode\":\"down\"}"))
                        .get("mode")
                        .asText())
                .isEqualTo("down");

        assertDarajaError(
                tokenRequest(basic("test-key", "test-secret"), "client_credentials"),
                503,
                "503.001.01",
                "Service Unavailable");
        assertDarajaError(push(token, stkBody("254708374100", 10)), 503, "503.001.01", "Service Unavailable");
        assertDarajaError(query(token, "ws_CO_x"), 503, "503.001.01", "Service Unavailable");
        assertThat(get("/__sim/faults").statusCode()).isEqualTo(200);
        assertThat(json(get("/__sim/stats")).get("stk_pushes").asLong()).isEqualTo(1);

        post("/__sim/faults", null, "{\"mode\":\"none\"}");
        assertThat(push(token, stkBody("254708374100", 10)).statusCode()).isEqualTo(200);
    }

    @Test
    void slowFaultAddsLatencyThenAnswersNormally() throws Exception {
        post("/__sim/faults", null, "{\"mode\":\"slow\",\"latency_ms\":700}");
        assertThat(json(get("/__sim/faults")).get("latency_ms").asLong()).isEqualTo(700);

        long started = System.nanoTime();
        HttpResponse<String> response = tokenRequest(basic("test-key", "test-secret"), "client_credentials");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(700);

        post("/__sim/reset", null, "{}");
        assertThat(json(get("/__sim/faults")).get("mode").asText()).isEqualTo("none");
    }

    // ---- Control: resolve ----

    @Test
    void resolveDecidesPendingTransactionNowAndOnlyOnce() throws Exception {
        String token = token();
        String checkoutId = acceptedPush(token, "254708374192"); // late scenario: pending for 2 s

        HttpResponse<String> resolved =
                post("/__sim/stk/" + checkoutId + "/resolve", null, "{\"ResultCode\":\"1032\",\"send_callback\":true}");
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).get("status").asText()).isEqualTo("final");
        assertThat(json(resolved).get("result_code").asInt()).isEqualTo(1032);

        JsonNode stkCallback = awaitCallbacks(checkoutId, 1).get(0).at("/Body/stkCallback");
        assertThat(stkCallback.get("ResultCode").asInt()).isEqualTo(1032);
        assertThat(stkCallback.get("ResultDesc").asText()).isEqualTo("Request cancelled by user");
        JsonNode queried = json(query(token, checkoutId));
        assertThat(queried.get("ResultCode").asText()).isEqualTo("1032");

        assertThat(post("/__sim/stk/" + checkoutId + "/resolve", null, "{}").statusCode())
                .isEqualTo(409);
        assertThat(post("/__sim/stk/ws_CO_nope/resolve", null, "{}").statusCode())
                .isEqualTo(404);
        assertThat(get("/__sim/transactions/ws_CO_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void resolveWithoutCallbackOnlyChangesQueryAnswer() throws Exception {
        String token = token();
        String checkoutId = acceptedPush(token, "254708374119"); // expiry scenario

        HttpResponse<String> resolved =
                post("/__sim/stk/" + checkoutId + "/resolve", null, "{\"ResultCode\":2001,\"send_callback\":false}");
        assertThat(resolved.statusCode()).isEqualTo(200);

        JsonNode queried = json(query(token, checkoutId));
        assertThat(queried.get("ResultCode").asText()).isEqualTo("2001");
        assertThat(queried.get("ResultDesc").asText()).isEqualTo("The initiator information is invalid.");
        awaitCallbacksSettled(checkoutId); // the 500 ms timeout outcome was called off: it will never fire
        assertThat(callbacksFor(checkoutId)).isEmpty();
        assertThat(json(get("/__sim/transactions/" + checkoutId))
                        .get("result_code")
                        .asInt())
                .isEqualTo(2001);
    }

    @Test
    void testControlsReportAnotherAmountAnswerAboutAnotherRequestAndTakeStkQueryDownAlone() throws Exception {
        String token = token();
        String checkoutId = acceptedPush(token, "254708374192"); // late scenario: pending until resolved

        assertThat(post("/__sim/stk/" + checkoutId + "/resolve", null, "{\"ResultCode\":0,\"Amount\":1}")
                        .statusCode())
                .isEqualTo(200);
        JsonNode items = awaitCallbacks(checkoutId, 1).get(0).at("/Body/stkCallback/CallbackMetadata/Item");
        assertThat(items.get(0).get("Name").asText()).isEqualTo("Amount");
        assertThat(items.get(0).get("Value").asLong()).isEqualTo(1); // 10 was pushed

        assertThat(post("/__sim/stk/" + checkoutId + "/query-answer", null, "{\"CheckoutRequestID\":\"ws_CO_other\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(query(token, checkoutId)).get("CheckoutRequestID").asText())
                .isEqualTo("ws_CO_other");
        assertThat(post("/__sim/stk/" + checkoutId + "/query-answer", null, "{}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(query(token, checkoutId)).get("CheckoutRequestID").asText())
                .isEqualTo(checkoutId);

        assertThat(post("/__sim/stk-query/faults", null, "{\"mode\":\"down\"}").statusCode())
                .isEqualTo(200);
        try {
            assertThat(query(token, checkoutId).statusCode()).isEqualTo(503);
            assertThat(push(token, stkBody("254708374100", 10)).statusCode())
                    .as("pushes still work")
                    .isEqualTo(200);
        } finally {
            post("/__sim/stk-query/faults", null, "{\"mode\":\"none\"}");
        }

        assertThat(post("/__sim/stk/" + checkoutId + "/callback", null, "{}").statusCode())
                .isEqualTo(200);
        awaitCallbacks(checkoutId, 2); // sent again, late
    }

    @Test
    void statsCountRequestsAndCallbacks() throws Exception {
        String token = token();
        String checkoutId = acceptedPush(token, "254708374100");
        query(token, checkoutId);
        awaitCallbacks(checkoutId, 1);

        JsonNode stats = awaitValue(
                () -> json(get("/__sim/stats")), s -> s.get("callbacks_sent").asLong() >= 1);
        assertThat(stats.get("token_requests").asLong()).isEqualTo(1);
        assertThat(stats.get("stk_pushes").asLong()).isEqualTo(1);
        assertThat(stats.get("stk_queries").asLong()).isEqualTo(1);
    }

    // ---- helpers ----

    @FunctionalInterface
    interface BodyChange {
        void apply(ObjectNode body);
    }

    private void assertInvalidField(String token, BodyChange change, String field) throws Exception {
        ObjectNode body = stkBody("254708374100", 10);
        change.apply(body);
        assertDarajaError(push(token, body), 400, "400.002.02", "Bad Request - Invalid " + field);
    }

    private static void assertDarajaError(HttpResponse<String> response, int status, String code, String message)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("requestId").asText()).isNotBlank();
        assertThat(body.get("errorCode").asText()).isEqualTo(code);
        assertThat(body.get("errorMessage").asText()).isEqualTo(message);
    }

    private ObjectNode stkBody(String phone, long amount) {
        String timestamp = StkPasswords.timestamp(Instant.now());
        ObjectNode body = JSON.createObjectNode()
                .put("BusinessShortCode", SHORTCODE)
                .put("Password", StkPasswords.password(SHORTCODE, PASSKEY, timestamp))
                .put("Timestamp", timestamp)
                .put("TransactionType", "CustomerPayBillOnline")
                .put("Amount", amount)
                .put("PartyA", phone)
                .put("PartyB", SHORTCODE)
                .put("PhoneNumber", phone)
                .put("CallBackURL", callbackUrl)
                .put("AccountReference", "INV-001")
                .put("TransactionDesc", "Order 001");
        return body;
    }

    private ObjectNode queryBody(String checkoutId) {
        String timestamp = StkPasswords.timestamp(Instant.now());
        return JSON.createObjectNode()
                .put("BusinessShortCode", SHORTCODE)
                .put("Password", StkPasswords.password(SHORTCODE, PASSKEY, timestamp))
                .put("Timestamp", timestamp)
                .put("CheckoutRequestID", checkoutId);
    }

    private String token() throws Exception {
        HttpResponse<String> response = tokenRequest(basic("test-key", "test-secret"), "client_credentials");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("access_token").asText();
    }

    private String acceptedPush(String token, String phone) throws Exception {
        HttpResponse<String> response = push(token, stkBody(phone, 10));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("CheckoutRequestID").asText();
    }

    private HttpResponse<String> tokenRequest(String authorization, String grantType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/oauth/v1/generate?grant_type=" + grantType))
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> push(String token, ObjectNode body) throws Exception {
        return postJson("/mpesa/stkpush/v1/processrequest", token == null ? null : "Bearer " + token, body);
    }

    private HttpResponse<String> query(String token, String checkoutId) throws Exception {
        return postJson("/mpesa/stkpushquery/v1/query", "Bearer " + token, queryBody(checkoutId));
    }

    private HttpResponse<String> postJson(String path, String authorization, JsonNode body) throws Exception {
        return post(path, authorization, body.toString());
    }

    private HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/sim/daraja" + path);
    }

    private static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static List<JsonNode> callbacksFor(String checkoutId) {
        return CALLBACKS.stream()
                .filter(c -> checkoutId.equals(
                        c.at("/Body/stkCallback/CheckoutRequestID").asText()))
                .toList();
    }

    /**
     * Until nothing more can come for this push: its scenario's outcome has run (or was called off before it
     * could) and every callback handed to the sender has been attempted.
     */
    private void awaitCallbacksSettled(String checkoutId) {
        DarajaStkTransaction transaction = stkTransactions.find(checkoutId).orElseThrow();
        awaitIdle(() -> transaction.scheduledOutcomeSettled() && callbackSender.idle());
    }

    private static List<JsonNode> awaitCallbacks(String checkoutId, int count) throws Exception {
        return awaitValue(() -> callbacksFor(checkoutId), list -> list.size() >= count);
    }

    private static Map<String, JsonNode> itemsByName(JsonNode stkCallback) {
        Map<String, JsonNode> items = new HashMap<>();
        stkCallback
                .at("/CallbackMetadata/Item")
                .forEach(item -> items.put(item.get("Name").asText(), item));
        return items;
    }
}
