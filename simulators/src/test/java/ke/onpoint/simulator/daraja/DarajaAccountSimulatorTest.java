package ke.onpoint.simulator.daraja;

import static ke.onpoint.simulator.SimulatorAwait.awaitIdle;
import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
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
 * C2B, Transaction Status and Reversal of the Daraja simulator over real HTTP, with a real listener for validation,
 * confirmation, Result and timeout POSTs. Each test uses its own shortcode, so registrations never collide.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = DarajaAccountSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.daraja.enabled=true",
            "onpoint.simulator.daraja.consumer-key=test-key",
            "onpoint.simulator.daraja.consumer-secret=test-secret",
            "onpoint.simulator.daraja.shortcode=174379",
            "onpoint.simulator.daraja.passkey=test-passkey",
            "onpoint.simulator.daraja.callback-delay=100ms",
            "onpoint.simulator.daraja.accounts.validation-timeout=700ms",
            "onpoint.simulator.daraja.accounts.notification-delay=50ms",
            "onpoint.simulator.daraja.accounts.result-delay=100ms",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false", // no database in a simulator-only context
            "logging.file.name=target/daraja-account-simulator-test.log"
        })
class DarajaAccountSimulatorTest {

    @SimulatorOnlyApplication
    @Import(DarajaSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    private static final String STK_SHORTCODE = "174379";
    private static final String PASSKEY = "test-passkey";
    private static final String INITIATOR = "testapi";
    private static final String PASSWORD = "Safaricom999!*!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final AtomicInteger SHORTCODES = new AtomicInteger(600100);

    /** One POST the listener received. */
    record Received(String path, JsonNode body, Instant at) {}

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** Lets the hung validator ({@code /c2b/validate/slow}) answer, once the class is done with it. */
    private static final CountDownLatch HUNG_VALIDATOR_RELEASED = new CountDownLatch(1);

    private static HttpServer listener;
    private static ExecutorService listenerThreads;
    private static String base;

    @Autowired
    private AccountScheduler accountScheduler;

    @Autowired
    private C2bValidationClient validationClient;

    @Autowired
    private DarajaCallbackSender callbackSender;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startListener() throws IOException {
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listenerThreads = Executors.newCachedThreadPool();
        listener.setExecutor(listenerThreads); // the slow validator must not block the other contexts
        answer("/c2b/confirm", false, "{\"ResultCode\":0,\"ResultDesc\":\"Success\"}");
        answer(
                "/c2b/validate/accept",
                false,
                "{\"ResultCode\":\"0\",\"ResultDesc\":\"Accepted\",\"ThirdPartyTransID\":\"tp-1\"}");
        answer("/c2b/validate/accept-number", false, "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}");
        answer("/c2b/validate/reject", false, "{\"ResultCode\":\"C2B00012\",\"ResultDesc\":\"Rejected\"}");
        answer("/c2b/validate/slow", true, "{\"ResultCode\":\"0\",\"ResultDesc\":\"Accepted\"}");
        answer("/results/result", false, "{}");
        answer("/results/timeout", false, "{}");
        answer("/stk/callback", false, "{\"ResultCode\":0,\"ResultDesc\":\"Accepted\"}");
        listener.start();
        base = "http://127.0.0.1:" + listener.getAddress().getPort();
    }

    private static void answer(String path, boolean hangs, String answer) {
        listener.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RECEIVED.add(new Received(exchange.getRequestURI().getPath(), JSON.readTree(body), Instant.now()));
            if (hangs) {
                awaitRelease();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException e) {
                // the simulator gave up waiting (validation timeout)
            }
            exchange.close();
        });
    }

    /** A merchant's validator that never answers in time: it answers only when the class is done (bounded). */
    private static void awaitRelease() {
        try {
            HUNG_VALIDATOR_RELEASED.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void stopListener() {
        HUNG_VALIDATOR_RELEASED.countDown();
        listener.stop(0);
        listenerThreads.shutdownNow();
    }

    @BeforeEach
    void resetSimulator() throws Exception {
        assertThat(post("/__sim/accounts/reset", null, "{}").statusCode()).isEqualTo(200);
    }

    // ---- C2B register URL ----

    @Test
    void registerUrlAnswersWithSafaricomsMisspeltKeyAndEnforcesUrlRules() throws Exception {
        String token = token();
        String shortCode = shortCode();
        HttpResponse<String> response = register(token, "v1", shortCode, "Completed", base + "/c2b/confirm", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("OriginatorCoversationID").asText()).matches("\\d{4}-\\d+-1");
        assertThat(body.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(body.get("ResponseDescription").asText()).isEqualTo("success");

        assertDarajaError(
                register(token, "v2", shortCode, "completed", base + "/c2b/confirm", null),
                400,
                "400.002.02",
                "Bad Request - Invalid ResponseType");
        for (String word : List.of("mpesa", "Safaricom", "exe", "cmd", "sql", "query")) {
            assertDarajaError(
                    register(token, "v2", shortCode, "Completed", base + "/c2b/" + word + "/confirm", null),
                    400,
                    "400.002.02",
                    "Bad Request - Invalid ConfirmationURL");
        }
        assertDarajaError(
                register(token, "v2", shortCode, "Completed", "/c2b/confirm", null),
                400,
                "400.002.02",
                "Bad Request - Invalid ConfirmationURL");
        assertDarajaError(
                register(token, "v2", shortCode, "Completed", "ftp://127.0.0.1/confirm", null),
                400,
                "400.002.02",
                "Bad Request - Invalid ConfirmationURL");
        assertDarajaError(
                register(token, "v2", shortCode, "Completed", base + "/c2b/confirm", base + "/exec/validate"),
                400,
                "400.002.02",
                "Bad Request - Invalid ValidationURL");
        assertDarajaError(
                register(null, "v2", shortCode, "Completed", base + "/c2b/confirm", null),
                404,
                "404.001.03",
                "Invalid Access Token");
        assertDarajaError(
                send(HttpRequest.newBuilder(uri("/mpesa/c2b/v1/registerurl")).GET()),
                405,
                "405.001",
                "Method Not Allowed");
        assertDarajaError(
                send(HttpRequest.newBuilder(uri("/mpesa/reversal/v1/request")).GET()),
                405,
                "405.001",
                "Method Not Allowed");
        assertDarajaError(
                postJson("/mpesa/c2b/v3/registerurl", "Bearer " + token, JSON.createObjectNode()),
                404,
                "404.001.01",
                "Resource not found");
        // sandbox: re-registering is fine
        assertThat(register(token, "v1", shortCode, "Cancelled", base + "/c2b/confirm", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void productionModeRegistersOnceAndHasNoSimulateButTestPaymentsStillWork() throws Exception {
        String token = token();
        String shortCode = shortCode();
        assertThat(json(post("/__sim/c2b/production-mode", null, "{\"enabled\":true}"))
                        .get("enabled")
                        .asBoolean())
                .isTrue();

        assertThat(register(token, "v2", shortCode, "Completed", base + "/c2b/confirm", null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> again = register(token, "v2", shortCode, "Completed", base + "/c2b/confirm", null);
        assertThat(again.statusCode()).isEqualTo(500);
        assertThat(json(again).get("errorCode").asText()).isEqualTo("500.003.1001");
        assertThat(json(again).get("errorMessage").asText()).isEqualTo("Urls are already registered");
        assertThat(register(token, "v1", shortCode, "Completed", base + "/c2b/confirm", null)
                        .statusCode())
                .isEqualTo(500);

        assertDarajaError(
                simulate(token, "v2", c2bBody(shortCode, 10, "254708374149")), 404, "404.001.01", "Resource not found");
        HttpResponse<String> paid = post(
                "/__sim/c2b/pay", null, c2bBody(shortCode, 25, "254708374149").toString());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        String transId = json(paid).get("trans_id").asText();
        JsonNode confirmation = awaitPosts("/c2b/confirm", transId, 1).get(0);
        assertThat(confirmation.get("TransAmount").asText()).isEqualTo("25.00");
    }

    // ---- C2B simulate, validation and confirmation ----

    @Test
    void acceptedValidationIsFollowedByConfirmationWithBalanceAndThirdPartyId() throws Exception {
        String token = token();
        String shortCode = shortCode();
        assertThat(register(token, "v1", shortCode, "Cancelled", base + "/c2b/confirm", base + "/c2b/validate/accept")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> response = simulate(token, "v1", c2bBody(shortCode, 150, "254708374149"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode ack = json(response);
        assertThat(ack.get("OriginatorCoversationID").asText()).isNotBlank();
        assertThat(ack.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(ack.get("ResponseDescription").asText()).isEqualTo("Accept the service request successfully.");

        JsonNode validation = awaitValue(
                        () -> postsTo("/c2b/validate/accept").stream()
                                .filter(b -> shortCode.equals(
                                        b.path("BusinessShortCode").asText()))
                                .toList(),
                        l -> !l.isEmpty())
                .get(0);
        String transId = validation.get("TransID").asText();
        assertThat(transId).matches("[A-Z][A-Z0-9]{9}");
        validation
                .fields()
                .forEachRemaining(field -> assertThat(field.getValue().isTextual())
                        .as(field.getKey())
                        .isTrue());
        assertThat(validation.get("TransactionType").asText()).isEqualTo("Pay Bill");
        assertThat(validation.get("TransTime").asText()).matches("\\d{14}");
        assertThat(validation.get("TransAmount").asText()).isEqualTo("150.00");
        assertThat(validation.get("BillRefNumber").asText()).isEqualTo("INV001");
        assertThat(validation.get("OrgAccountBalance").asText()).isEmpty();
        assertThat(validation.get("MSISDN").asText()).isEqualTo("254708374149");
        assertThat(validation.get("FirstName").asText()).isEqualTo("John");

        JsonNode confirmation = awaitPosts("/c2b/confirm", transId, 1).get(0);
        assertThat(confirmation.get("TransTime").asText())
                .isEqualTo(validation.get("TransTime").asText());
        assertThat(confirmation.get("OrgAccountBalance").asText()).isEqualTo("50150.00");
        assertThat(confirmation.get("ThirdPartyTransID").asText()).isEqualTo("tp-1");

        JsonNode transaction = json(get("/__sim/c2b/transactions/" + transId));
        assertThat(transaction.get("status").asText()).isEqualTo("completed");
        assertThat(transaction.get("amount").asLong()).isEqualTo(150);
        assertThat(transaction.get("msisdn").asText()).isEqualTo("254708374149");
        assertThat(get("/__sim/c2b/transactions/NOSUCHID00").statusCode()).isEqualTo(404);

        // redelivery sends the identical confirmation again
        assertThat(post("/__sim/c2b/confirmations/" + transId + "/redeliver", null, "")
                        .statusCode())
                .isEqualTo(200);
        List<JsonNode> both = awaitPosts("/c2b/confirm", transId, 2);
        assertThat(both.get(1)).isEqualTo(both.get(0));
        assertThat(post("/__sim/c2b/confirmations/NOSUCHID00/redeliver", null, "")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void numericZeroAlsoAcceptsAndRejectionMeansNoConfirmation() throws Exception {
        String token = token();
        String accepting = shortCode();
        String rejecting = shortCode();
        register(token, "v1", accepting, "Completed", base + "/c2b/confirm", base + "/c2b/validate/accept-number");
        register(token, "v1", rejecting, "Completed", base + "/c2b/confirm", base + "/c2b/validate/reject");

        String accepted = payAndGetTransId(accepting);
        String rejected = payAndGetTransId(rejecting);

        awaitPosts("/c2b/confirm", accepted, 1);
        JsonNode transaction = awaitValue(
                () -> json(get("/__sim/c2b/transactions/" + rejected)),
                t -> !"pending".equals(t.get("status").asText()));
        assertThat(transaction.get("status").asText()).isEqualTo("rejected");
        assertThat(transaction.get("rejection_code").asText()).isEqualTo("C2B00012");
        awaitAccountsIdle();
        assertThat(posts("/c2b/confirm", rejected)).isEmpty();
        assertThat(post("/__sim/c2b/confirmations/" + rejected + "/redeliver", null, "")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void validationTimeoutAppliesTheRegisteredResponseType() throws Exception {
        String token = token();
        String completing = shortCode();
        String cancelling = shortCode();
        register(token, "v1", completing, "Completed", base + "/c2b/confirm", base + "/c2b/validate/slow");
        register(token, "v1", cancelling, "Cancelled", base + "/c2b/confirm", base + "/c2b/validate/slow");

        String completed = payAndGetTransId(completing);
        String cancelled = payAndGetTransId(cancelling);

        JsonNode confirmation = awaitPosts("/c2b/confirm", completed, 1).get(0);
        assertThat(confirmation.get("OrgAccountBalance").asText()).isNotEmpty();
        JsonNode transaction = awaitValue(
                () -> json(get("/__sim/c2b/transactions/" + cancelled)),
                t -> !"pending".equals(t.get("status").asText()));
        assertThat(transaction.get("status").asText()).isEqualTo("cancelled");
        assertThat(json(get("/__sim/c2b/transactions/" + completed))
                        .get("status")
                        .asText())
                .isEqualTo("completed");
        awaitAccountsIdle();
        assertThat(posts("/c2b/confirm", cancelled)).isEmpty();
        // the timed-out validation is in the callback log, not delivered
        JsonNode log = json(get("/__sim/callbacks?checkout_request_id=" + cancelled));
        assertThat(log.get("count").asInt()).isEqualTo(1);
        assertThat(log.at("/callbacks/0/delivered").asBoolean()).isFalse();
    }

    @Test
    void v2ConfirmationCarriesTheSha256OfTheMsisdn() throws Exception {
        String token = token();
        String shortCode = shortCode();
        register(token, "v2", shortCode, "Completed", base + "/c2b/confirm", null);
        ObjectNode body = c2bBody(shortCode, 40, "254712345678").put("CommandID", "CustomerBuyGoodsOnline");
        body.putNull("BillRefNumber");
        HttpResponse<String> response = simulate(token, "v2", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        JsonNode confirmation = awaitValue(
                        () -> postsTo("/c2b/confirm").stream()
                                .filter(b -> shortCode.equals(
                                        b.path("BusinessShortCode").asText()))
                                .toList(),
                        l -> !l.isEmpty())
                .get(0);
        String expected = HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("SHA-256").digest("254712345678".getBytes(StandardCharsets.UTF_8)));
        assertThat(confirmation.get("MSISDN").asText()).isEqualTo(expected);
        assertThat(confirmation.get("TransactionType").asText()).isEqualTo("Buy Goods");
        assertThat(confirmation.get("BillRefNumber").asText()).isEmpty();

        assertDarajaError(
                simulate(token, "v2", c2bBody(shortCode, 40, "0712345678")),
                400,
                "400.002.02",
                "Bad Request - Invalid Msisdn");
        assertDarajaError(
                simulate(token, "v2", c2bBody(shortCode, 40, "254712345678").put("CommandID", "Pay")),
                400,
                "400.002.02",
                "Bad Request - Invalid CommandID");
        assertDarajaError(
                simulate(token, "v2", c2bBody(shortCode, 0, "254712345678")),
                400,
                "400.002.02",
                "Bad Request - Invalid Amount");
    }

    // ---- Transaction Status ----

    @Test
    void transactionStatusOfAnStkReceiptAndOfAnUnknownOne() throws Exception {
        String token = token();
        String receipt = stkReceipt(token, 75);

        HttpResponse<String> response = postJson(
                "/mpesa/transactionstatus/v1/query",
                "Bearer " + token,
                statusBody(receipt, credential(PASSWORD)).put("Occasion", "recon"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode ack = json(response);
        assertThat(ack.get("OriginatorConversationID").asText()).isNotBlank();
        assertThat(ack.get("ConversationID").asText()).matches("AG_\\d{8}_[0-9a-f]{20}");
        assertThat(ack.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(ack.get("ResponseDescription").asText()).isEqualTo("Accept the service request successfully.");

        JsonNode result = awaitResult("/results/result", ack);
        assertThat(result.get("ResultType").asInt()).isZero();
        assertThat(result.get("ResultCode").isNumber()).isTrue();
        assertThat(result.get("ResultCode").asInt()).isZero();
        assertThat(result.get("ResultDesc").asText()).isEqualTo("The service request is processed successfully.");
        assertThat(result.get("OriginatorConversationID").asText())
                .isEqualTo(ack.get("OriginatorConversationID").asText());
        assertThat(result.get("TransactionID").asText())
                .matches("[A-Z][A-Z0-9]{9}")
                .isNotEqualTo(receipt);
        Map<String, JsonNode> parameters = parameters(result);
        assertThat(parameters.get("ReceiptNo").get("Value").asText()).isEqualTo(receipt);
        assertThat(parameters.get("Amount").get("Value").isNumber()).isTrue();
        assertThat(parameters.get("Amount").get("Value").asLong()).isEqualTo(75);
        assertThat(parameters.get("TransactionStatus").get("Value").asText()).isEqualTo("Completed");
        assertThat(parameters.get("DebitPartyName").get("Value").asText()).isEqualTo("254708374100 - John Doe");
        assertThat(parameters.get("InitiatedTime").get("Value").asText()).matches("\\d{14}");
        assertThat(parameters.get("FinalisedTime").get("Value").asText()).matches("\\d{14}");
        assertThat(parameters.get("TransactionReason").has("Value")).isFalse();
        JsonNode referenceItem = result.at("/ReferenceData/ReferenceItem");
        assertThat(referenceItem.isObject()).isTrue();
        assertThat(referenceItem.get("Key").asText()).isEqualTo("Occasion");
        assertThat(referenceItem.get("Value").asText()).isEqualTo("recon");

        JsonNode unknown = awaitResult(
                "/results/result",
                json(postJson(
                        "/mpesa/transactionstatus/v1/query",
                        "Bearer " + token,
                        statusBody("NOSUCHRCPT", credential(PASSWORD)))));
        assertThat(unknown.get("ResultCode").asInt()).isEqualTo(2);
        assertThat(unknown.get("ResultDesc").asText()).isEqualTo("The transaction receipt number does not exist.");
        assertThat(unknown.has("ResultParameters")).isFalse();

        ObjectNode neither = statusBody(receipt, credential(PASSWORD));
        neither.remove("TransactionID");
        assertDarajaError(
                postJson("/mpesa/transactionstatus/v1/query", "Bearer " + token, neither),
                400,
                "400.002.02",
                "Bad Request - Invalid TransactionID");
        assertDarajaError(
                postJson(
                        "/mpesa/transactionstatus/v1/query",
                        "Bearer " + token,
                        statusBody(receipt, credential(PASSWORD)).put("IdentifierType", "9")),
                400,
                "400.002.02",
                "Bad Request - Invalid IdentifierType");
        assertDarajaError(
                postJson(
                        "/mpesa/transactionstatus/v1/query",
                        "Bearer " + token,
                        statusBody(receipt, credential(PASSWORD)).put("ResultURL", "not a url")),
                400,
                "400.002.02",
                "Bad Request - Invalid ResultURL");
        assertDarajaError(
                postJson(
                        "/mpesa/transactionstatus/v1/query", "Bearer wrong", statusBody(receipt, credential(PASSWORD))),
                404,
                "404.001.03",
                "Invalid Access Token");
    }

    // ---- Reversal ----

    @Test
    void reversalOfAC2bPaymentThenAlreadyReversedAndStatusSaysReversed() throws Exception {
        String token = token();
        String shortCode = shortCode();
        register(token, "v1", shortCode, "Completed", base + "/c2b/confirm", null);
        String transId = payAndGetTransId(shortCode);
        awaitPosts("/c2b/confirm", transId, 1);

        JsonNode ack = json(reverse(token, reversalBody(transId, 10, shortCode, credential(PASSWORD))));
        assertThat(ack.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(ack.get("ConversationID").asText()).startsWith("AG_");
        JsonNode result = awaitResult("/results/result", ack);
        assertThat(result.get("ResultCode").isNumber()).isTrue();
        assertThat(result.get("ResultCode").asInt()).isZero();
        String reversalReceipt = result.get("TransactionID").asText();
        assertThat(reversalReceipt).matches("[A-Z][A-Z0-9]{9}").isNotEqualTo(transId);
        Map<String, JsonNode> parameters = parameters(result);
        assertThat(parameters.keySet())
                .containsExactlyInAnyOrder(
                        "DebitAccountBalance",
                        "Amount",
                        "TransCompletedTime",
                        "OriginalTransactionID",
                        "Charge",
                        "CreditPartyPublicName",
                        "DebitPartyPublicName");
        assertThat(parameters.get("OriginalTransactionID").get("Value").asText())
                .isEqualTo(transId);
        assertThat(parameters.get("Amount").get("Value").asLong()).isEqualTo(10);
        assertThat(parameters.get("DebitAccountBalance").get("Value").asText())
                .isEqualTo("Utility Account|KES|50000.00|50000.00|0.00|0.00");
        assertThat(parameters.get("TransCompletedTime").get("Value").asText()).matches("\\d{14}");
        assertThat(parameters.get("CreditPartyPublicName").get("Value").asText())
                .isEqualTo("254708374149 - John Doe");
        JsonNode referenceItems = result.at("/ReferenceData/ReferenceItem");
        assertThat(referenceItems.isArray()).isTrue();
        assertThat(referenceItems.get(0).get("Key").asText()).isEqualTo("QueueTimeoutURL");
        assertThat(referenceItems.get(0).get("Value").asText()).isEqualTo(base + "/results/timeout");

        JsonNode transaction = json(get("/__sim/c2b/transactions/" + transId));
        assertThat(transaction.get("reversed").asBoolean()).isTrue();
        assertThat(transaction.get("reversal_receipt").asText()).isEqualTo(reversalReceipt);

        JsonNode again = awaitResult(
                "/results/result", json(reverse(token, reversalBody(transId, 10, shortCode, credential(PASSWORD)))));
        assertThat(again.get("ResultCode").isTextual()).isTrue();
        assertThat(again.get("ResultCode").asText()).isEqualTo("R000001");
        assertThat(again.get("ResultDesc").asText()).isEqualTo("The transaction has already been reversed.");

        JsonNode status = awaitResult(
                "/results/result",
                json(postJson(
                        "/mpesa/transactionstatus/v1/query",
                        "Bearer " + token,
                        statusBody(transId, credential(PASSWORD)))));
        assertThat(parameters(status).get("TransactionStatus").get("Value").asText())
                .isEqualTo("Reversed");
    }

    @Test
    void reversalOfAnStkReceiptWithWrongAmountOrUnknownReceiptIsInvalid() throws Exception {
        String token = token();
        String receipt = stkReceipt(token, 30);

        JsonNode unknown = awaitResult(
                "/results/result",
                json(reverse(token, reversalBody("NOSUCHRCPT", 30, STK_SHORTCODE, credential(PASSWORD)))));
        assertThat(unknown.get("ResultCode").asText()).isEqualTo("R000002");
        assertThat(unknown.get("ResultDesc").asText()).isEqualTo("The OriginalTransactionID is invalid.");
        assertThat(unknown.get("TransactionID").asText()).endsWith("0000000");

        JsonNode partial = awaitResult(
                "/results/result",
                json(reverse(token, reversalBody(receipt, 10, STK_SHORTCODE, credential(PASSWORD)))));
        assertThat(partial.get("ResultCode").asText()).isEqualTo("R000002");

        JsonNode whole = awaitResult(
                "/results/result",
                json(reverse(token, reversalBody(receipt, 30, STK_SHORTCODE, credential(PASSWORD)))));
        assertThat(whole.get("ResultCode").asInt()).isZero();
        assertThat(parameters(whole).get("OriginalTransactionID").get("Value").asText())
                .isEqualTo(receipt);
    }

    @Test
    void wrongPasswordOrInitiatorOrGarbageCredentialIs2001AndReversesNothing() throws Exception {
        String token = token();
        String receipt = stkReceipt(token, 20);

        JsonNode wrongPassword = awaitResult(
                "/results/result",
                json(reverse(token, reversalBody(receipt, 20, STK_SHORTCODE, credential("WrongPassword1!")))));
        assertThat(wrongPassword.get("ResultCode").isNumber()).isTrue();
        assertThat(wrongPassword.get("ResultCode").asInt()).isEqualTo(2001);
        assertThat(wrongPassword.get("ResultDesc").asText()).isEqualTo("The initiator information is invalid.");

        JsonNode garbage = awaitResult(
                "/results/result",
                json(reverse(token, reversalBody(receipt, 20, STK_SHORTCODE, "bm90IGEgY2lwaGVydGV4dA=="))));
        assertThat(garbage.get("ResultCode").asInt()).isEqualTo(2001);

        JsonNode wrongInitiator = awaitResult(
                "/results/result",
                json(reverse(
                        token,
                        reversalBody(receipt, 20, STK_SHORTCODE, credential(PASSWORD))
                                .put("Initiator", "someoneelse"))));
        assertThat(wrongInitiator.get("ResultCode").asInt()).isEqualTo(2001);

        JsonNode statusWithWrongPassword = awaitResult(
                "/results/result",
                json(postJson(
                        "/mpesa/transactionstatus/v1/query",
                        "Bearer " + token,
                        statusBody(receipt, credential("nope")))));
        assertThat(statusWithWrongPassword.get("ResultCode").asInt()).isEqualTo(2001);

        JsonNode status = awaitResult(
                "/results/result",
                json(postJson(
                        "/mpesa/transactionstatus/v1/query",
                        "Bearer " + token,
                        statusBody(receipt, credential(PASSWORD)))));
        assertThat(parameters(status).get("TransactionStatus").get("Value").asText())
                .isEqualTo("Completed");
    }

    @Test
    void correctlySpeltReceiverIdentifierTypeAndOtherBadFieldsAreRefusedSynchronously() throws Exception {
        String token = token();
        String credential = credential(PASSWORD);
        ObjectNode correctlySpelt = reversalBody("NLJ7RT61SV", 10, STK_SHORTCODE, credential);
        correctlySpelt.set("ReceiverIdentifierType", correctlySpelt.remove("RecieverIdentifierType"));
        assertDarajaError(
                reverse(token, correctlySpelt), 400, "400.002.02", "Bad Request - Invalid RecieverIdentifierType");
        assertDarajaError(
                reverse(
                        token,
                        reversalBody("NLJ7RT61SV", 10, STK_SHORTCODE, credential)
                                .put("Remarks", "x")),
                400,
                "400.002.02",
                "Bad Request - Invalid Remarks");
        assertDarajaError(
                reverse(
                        token,
                        reversalBody("NLJ7RT61SV", 10, STK_SHORTCODE, credential)
                                .put("CommandID", "TransactionStatusQuery")),
                400,
                "400.002.02",
                "Bad Request - Invalid CommandID");
        assertDarajaError(
                reverse(token, reversalBody("NLJ7RT61SV", 10, STK_SHORTCODE, "")),
                400,
                "400.002.02",
                "Bad Request - Invalid SecurityCredential");
        assertDarajaError(
                reverse(
                        token,
                        reversalBody("NLJ7RT61SV", 10, STK_SHORTCODE, credential)
                                .put("QueueTimeOutURL", "/relative")),
                400,
                "400.002.02",
                "Bad Request - Invalid QueueTimeOutURL");
        assertDarajaError(
                post("/mpesa/reversal/v1/request", "Bearer " + token, "{not json"),
                400,
                "400.002.05",
                "Invalid request payload");
    }

    @Test
    void timeoutModeSendsQueueTimeoutInsteadAndLateModeDelaysTheResult() throws Exception {
        String token = token();
        String receipt = stkReceipt(token, 60);

        JsonNode mode = json(post("/__sim/results/mode", null, "{\"mode\":\"timeout\",\"delay_ms\":50}"));
        assertThat(mode.get("mode").asText()).isEqualTo("timeout");
        JsonNode ack = json(reverse(token, reversalBody(receipt, 60, STK_SHORTCODE, credential(PASSWORD))));
        JsonNode timeout = awaitResult("/results/timeout", ack);
        assertThat(timeout.get("ResultType").asInt()).isEqualTo(1);
        assertThat(timeout.get("ResultCode").asText()).isEqualTo("SVC0403");
        assertThat(timeout.get("ResultDesc").asText()).isEqualTo("Request timed out");
        assertThat(timeout.get("OriginatorConversationID").asText())
                .isEqualTo(ack.get("OriginatorConversationID").asText());
        awaitAccountsIdle();
        assertThat(resultsFor("/results/result", ack.get("ConversationID").asText()))
                .isEmpty();
        JsonNode logged = json(get("/__sim/callbacks?checkout_request_id="
                + ack.get("ConversationID").asText()));
        assertThat(logged.get("count").asInt()).isEqualTo(1);
        assertThat(logged.at("/callbacks/0/url").asText()).isEqualTo(base + "/results/timeout");
        assertThat(logged.at("/callbacks/0/delivered").asBoolean()).isTrue();

        assertThat(post("/__sim/results/mode", null, "{\"mode\":\"late\",\"delay_ms\":800}")
                        .statusCode())
                .isEqualTo(200);
        Instant sent = Instant.now();
        JsonNode lateAck = json(reverse(token, reversalBody(receipt, 60, STK_SHORTCODE, credential(PASSWORD))));
        JsonNode late = awaitResult("/results/result", lateAck);
        Instant arrived = RECEIVED.stream()
                .filter(r -> lateAck.get("ConversationID")
                        .asText()
                        .equals(r.body().at("/Result/ConversationID").asText()))
                .findFirst()
                .orElseThrow()
                .at();
        assertThat(Duration.between(sent, arrived)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
        // the timed-out reversal was never performed, so this one succeeds
        assertThat(late.get("ResultCode").asInt()).isZero();

        assertThat(post("/__sim/results/mode", null, "{\"mode\":\"sometimes\"}").statusCode())
                .isEqualTo(400);
    }

    // ---- helpers ----

    private static String shortCode() {
        return Integer.toString(SHORTCODES.incrementAndGet());
    }

    private String payAndGetTransId(String shortCode) throws Exception {
        HttpResponse<String> paid = post(
                "/__sim/c2b/pay", null, c2bBody(shortCode, 10, "254708374149").toString());
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        return json(paid).get("trans_id").asText();
    }

    /** A successful STK push's MpesaReceiptNumber, from its callback. */
    private String stkReceipt(String token, long amount) throws Exception {
        String timestamp = StkPasswords.timestamp(Instant.now());
        ObjectNode body = JSON.createObjectNode()
                .put("BusinessShortCode", STK_SHORTCODE)
                .put("Password", StkPasswords.password(STK_SHORTCODE, PASSKEY, timestamp))
                .put("Timestamp", timestamp)
                .put("TransactionType", "CustomerPayBillOnline")
                .put("Amount", amount)
                .put("PartyA", "254708374100")
                .put("PartyB", STK_SHORTCODE)
                .put("PhoneNumber", "254708374100")
                .put("CallBackURL", base + "/stk/callback")
                .put("AccountReference", "INV-001")
                .put("TransactionDesc", "Order 001");
        HttpResponse<String> response = postJson("/mpesa/stkpush/v1/processrequest", "Bearer " + token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String checkoutId = json(response).get("CheckoutRequestID").asText();
        JsonNode callback = awaitValue(
                        () -> postsTo("/stk/callback").stream()
                                .filter(b -> checkoutId.equals(b.at("/Body/stkCallback/CheckoutRequestID")
                                        .asText()))
                                .toList(),
                        l -> !l.isEmpty())
                .get(0);
        for (JsonNode item : callback.at("/Body/stkCallback/CallbackMetadata/Item")) {
            if ("MpesaReceiptNumber".equals(item.get("Name").asText())) {
                return item.get("Value").asText();
            }
        }
        throw new AssertionError("no receipt in " + callback);
    }

    /** base64(RSA/ECB/PKCS1Padding(password)) with the simulator certificate, as the gateway will build it. */
    private static String credential(String password) throws Exception {
        X509Certificate certificate;
        try (InputStream in =
                DarajaAccountSimulatorTest.class.getResourceAsStream("/mpesa/simulator-certificate.cer")) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, certificate.getPublicKey());
        return Base64.getEncoder().encodeToString(cipher.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    private ObjectNode c2bBody(String shortCode, long amount, String msisdn) {
        return JSON.createObjectNode()
                .put("ShortCode", Long.parseLong(shortCode))
                .put("CommandID", "CustomerPayBillOnline")
                .put("Amount", amount)
                .put("Msisdn", msisdn)
                .put("BillRefNumber", "INV001");
    }

    private ObjectNode statusBody(String receipt, String credential) {
        return JSON.createObjectNode()
                .put("Initiator", INITIATOR)
                .put("SecurityCredential", credential)
                .put("CommandID", "TransactionStatusQuery")
                .put("TransactionID", receipt)
                .put("PartyA", STK_SHORTCODE)
                .put("IdentifierType", "4")
                .put("ResultURL", base + "/results/result")
                .put("QueueTimeOutURL", base + "/results/timeout")
                .put("Remarks", "OK")
                .put("Occasion", "");
    }

    private ObjectNode reversalBody(String receipt, long amount, String receiverParty, String credential) {
        return JSON.createObjectNode()
                .put("Initiator", INITIATOR)
                .put("SecurityCredential", credential)
                .put("CommandID", "TransactionReversal")
                .put("TransactionID", receipt)
                .put("Amount", Long.toString(amount))
                .put("ReceiverParty", receiverParty)
                .put("RecieverIdentifierType", "11")
                .put("ResultURL", base + "/results/result")
                .put("QueueTimeOutURL", base + "/results/timeout")
                .put("Remarks", "Payment reversal")
                .put("Occasion", "");
    }

    private HttpResponse<String> register(
            String token,
            String version,
            String shortCode,
            String responseType,
            String confirmationUrl,
            String validationUrl)
            throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("ShortCode", shortCode)
                .put("ResponseType", responseType)
                .put("ConfirmationURL", confirmationUrl);
        if (validationUrl != null) {
            body.put("ValidationURL", validationUrl);
        }
        return postJson("/mpesa/c2b/" + version + "/registerurl", token == null ? null : "Bearer " + token, body);
    }

    private HttpResponse<String> simulate(String token, String version, ObjectNode body) throws Exception {
        return postJson("/mpesa/c2b/" + version + "/simulate", "Bearer " + token, body);
    }

    private HttpResponse<String> reverse(String token, ObjectNode body) throws Exception {
        HttpResponse<String> response = postJson("/mpesa/reversal/v1/request", "Bearer " + token, body);
        return response;
    }

    private static List<JsonNode> postsTo(String path) {
        return RECEIVED.stream()
                .filter(r -> r.path().equals(path))
                .map(Received::body)
                .toList();
    }

    private static List<JsonNode> posts(String path, String transId) {
        return postsTo(path).stream()
                .filter(b -> transId.equals(b.path("TransID").asText()))
                .toList();
    }

    private static List<JsonNode> awaitPosts(String path, String transId, int count) throws Exception {
        return awaitValue(() -> posts(path, transId), l -> l.size() >= count);
    }

    private static List<JsonNode> resultsFor(String path, String conversationId) {
        return postsTo(path).stream()
                .filter(b ->
                        conversationId.equals(b.at("/Result/ConversationID").asText()))
                .map(b -> b.get("Result"))
                .toList();
    }

    /** The Result (or timeout) POSTed for the request this sync ack answered. */
    private static JsonNode awaitResult(String path, JsonNode ack) throws Exception {
        assertThat(ack.path("ResponseCode").asText()).as(ack.toString()).isEqualTo("0");
        String conversationId = ack.get("ConversationID").asText();
        return awaitValue(() -> resultsFor(path, conversationId), l -> !l.isEmpty())
                .get(0);
    }

    private static Map<String, JsonNode> parameters(JsonNode result) {
        Map<String, JsonNode> parameters = new HashMap<>();
        result.at("/ResultParameters/ResultParameter")
                .forEach(p -> parameters.put(p.get("Key").asText(), p));
        return parameters;
    }

    private String token() throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/oauth/v1/generate?grant_type=client_credentials"))
                        .header("Authorization", basic)
                        .GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("access_token").asText();
    }

    private static void assertDarajaError(HttpResponse<String> response, int status, String code, String message)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("requestId").asText()).isNotBlank();
        assertThat(body.get("errorCode").asText()).isEqualTo(code);
        assertThat(body.get("errorMessage").asText()).isEqualTo(message);
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

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /**
     * Until every account task scheduled so far has run, every validation request has been answered (or has failed)
     * and every callback handed to the sender has been attempted: a POST that has not come by now never will.
     */
    private void awaitAccountsIdle() {
        awaitIdle(() -> accountScheduler.idle() && validationClient.idle() && callbackSender.idle());
    }
}
