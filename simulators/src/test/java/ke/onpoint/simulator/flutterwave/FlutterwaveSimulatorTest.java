package ke.onpoint.simulator.flutterwave;

import static ke.onpoint.simulator.SimulatorAwait.awaitIdle;
import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.CallbackReceiver;
import ke.onpoint.simulator.SimulatorOnlyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Flutterwave v3 simulator over real HTTP, the way the gateway's Flutterwave client will use it, with a real
 * HTTP listener as webhook URL. The webhook delay is shortened so every scenario finishes in well under a second.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = FlutterwaveSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.flutterwave.enabled=true",
            "onpoint.simulator.flutterwave.secret-key=" + FlutterwaveSimulatorTest.SECRET_KEY,
            "onpoint.simulator.flutterwave.secret-hash=" + FlutterwaveSimulatorTest.SECRET_HASH,
            "onpoint.simulator.flutterwave.checkout-base-url=http://checkout.test/sim/flutterwave/",
            "onpoint.simulator.flutterwave.webhook-delay=100ms",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false", // no database in a simulator-only context
            "logging.file.name=target/flutterwave-simulator-test.log"
        })
class FlutterwaveSimulatorTest {

    /** Only the simulator and Spring MVC (nested, so no other test's component scan sees it). */
    @SimulatorOnlyApplication
    @Import(FlutterwaveSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    static final String SECRET_KEY = "FLWSECK_TEST-unit0000000000000000000000-X";
    static final String SECRET_HASH = "unit-test-verif-hash";
    private static final String CHECKOUT_BASE = "http://checkout.test/sim/flutterwave/__sim/checkout/";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** One webhook as the listener received it. */
    record Webhook(String verifHash, String contentType, String raw, JsonNode body) {
        String txRef() {
            return body.at("/data/tx_ref").asText();
        }
    }

    private static final List<Webhook> WEBHOOKS = new CopyOnWriteArrayList<>();
    private static final CallbackReceiver LISTENER = CallbackReceiver.start("/flutterwave/webhook", request -> {
        WEBHOOKS.add(new Webhook(
                request.header("verif-hash"),
                request.header("Content-Type"),
                request.text(),
                JSON.readTree(request.text())));
        return CallbackReceiver.Reply.status(200);
    });

    @Autowired
    private FlutterwaveTransactions transactions;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("onpoint.simulator.flutterwave.webhook-url", LISTENER::url);
    }

    @AfterAll
    static void stopListener() {
        LISTENER.close();
    }

    @BeforeEach
    void resetSimulator() throws Exception {
        assertThat(post("/__sim/reset", null, "{}").statusCode()).isEqualTo(200);
    }

    // ---- Authorization ----

    @Test
    void everyApiCallNeedsTheSecretKeyAsBearer() throws Exception {
        String body = paymentBody(txRef(), "100").toString();
        for (String authorization : new String[] {null, "Bearer wrong", "Basic " + SECRET_KEY, SECRET_KEY}) {
            assertError(post("/v3/payments", authorization, body), 401, "Invalid authorization key");
            assertError(get("/v3/transactions/1/verify", authorization), 401, "Invalid authorization key");
            assertError(
                    get("/v3/transactions/verify_by_reference?tx_ref=x", authorization),
                    401,
                    "Invalid authorization key");
            assertError(post("/v3/transactions/1/refund", authorization, "{}"), 401, "Invalid authorization key");
        }
        assertThat(post("/v3/payments", "bearer " + SECRET_KEY, body).statusCode())
                .isEqualTo(200);
        assertThat(json(get("/__sim/stats")).get("payment_requests").asLong()).isEqualTo(5);
    }

    // ---- POST /v3/payments validation ----

    @Test
    void invalidPaymentsAreRejectedWithFlutterwavesEnvelope() throws Exception {
        assertInvalid(b -> b.remove("tx_ref"), "tx_ref is required");
        assertInvalid(b -> b.put("tx_ref", "  "), "tx_ref is required");
        assertInvalid(b -> b.put("amount", 0), "Invalid amount");
        assertInvalid(b -> b.put("amount", -5.5), "Invalid amount");
        assertInvalid(b -> b.put("amount", "ten"), "Invalid amount");
        assertInvalid(b -> b.remove("amount"), "Invalid amount");
        assertInvalid(b -> b.put("currency", "XYZ"), "Invalid currency");
        assertInvalid(b -> b.put("redirect_url", "/relative"), "Invalid redirect_url");
        assertInvalid(b -> b.remove("customer"), "customer.email is required");
        assertInvalid(b -> ((ObjectNode) b.get("customer")).remove("email"), "customer.email is required");
        assertInvalid(b -> ((ObjectNode) b.get("customer")).put("email", "not-an-email"), "customer.email is invalid");
        assertError(
                post("/v3/payments", bearer(), "{\"tx_ref\":"),
                400,
                "Invalid request payload: a JSON object is required");

        String reference = txRef();
        assertThat(initialize(paymentBody(reference, "10")).statusCode()).isEqualTo(200);
        assertError(initialize(paymentBody(reference, "20")), 400, "Duplicate tx_ref");
    }

    @Test
    void currencyDefaultsToNgnAndNumericStringAmountsAreAccepted() throws Exception {
        String reference = txRef();
        ObjectNode body = paymentBody(reference, "250");
        body.remove("currency");
        body.put("amount", "250");
        assertThat(initialize(body).statusCode()).isEqualTo(200);

        JsonNode data = json(verifyByReference(reference)).get("data");
        assertThat(data.get("currency").asText()).isEqualTo("NGN");
        assertThat(data.get("amount").isNumber()).isTrue();
        assertThat(data.get("amount").decimalValue()).isEqualByComparingTo("250");
    }

    // ---- The happy path ----

    @Test
    void initializePayVerifyAndWebhookWithTheSecretHash() throws Exception {
        String reference = txRef();
        ObjectNode body = paymentBody(reference, "100.5");
        body.putObject("meta").put("order_id", "ORD-7");
        body.putObject("customizations").put("title", "Duka Letu");
        HttpResponse<String> response = initialize(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode initialized = json(response);
        assertThat(initialized.get("status").asText()).isEqualTo("success");
        assertThat(initialized.get("message").asText()).isEqualTo("Hosted Link");
        String link = initialized.at("/data/link").asText();
        assertThat(link).startsWith(CHECKOUT_BASE).matches(".*/checkout/[0-9a-f]{24}");
        String token = token(link);

        HttpResponse<String> page = get("/__sim/checkout/" + token, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body())
                .contains("KES 100.5", "Duka Letu", "value=\"pay\"", "value=\"decline\"", "value=\"cancel\"");

        JsonNode pending = json(verifyByReference(reference)).get("data");
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.has("card")).isFalse();
        long id = pending.get("id").asLong();

        HttpResponse<String> paid = post("/__sim/checkout/" + token + "/pay", null, "");
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(json(paid).get("status").asText()).isEqualTo("successful");
        assertThat(json(paid).get("redirect_to").asText())
                .isEqualTo("https://shop.test/return?status=successful&tx_ref=" + reference + "&transaction_id=" + id);

        HttpResponse<String> verified = verifyById(id);
        assertThat(verified.statusCode()).isEqualTo(200);
        JsonNode envelope = json(verified);
        assertThat(envelope.get("status").asText()).isEqualTo("success");
        assertThat(envelope.get("message").asText()).isEqualTo("Transaction fetched successfully");
        JsonNode data = envelope.get("data");
        assertThat(data.get("id").asLong()).isEqualTo(id);
        assertThat(data.get("tx_ref").asText()).isEqualTo(reference);
        assertThat(data.get("flw_ref").asText()).matches("FLW-MOCK-[0-9a-f]{32}");
        assertThat(data.get("device_fingerprint").asText()).isEqualTo("N/A");
        assertThat(data.get("amount").decimalValue()).isEqualByComparingTo("100.5");
        assertThat(data.get("currency").asText()).isEqualTo("KES");
        assertThat(data.get("charged_amount").decimalValue()).isEqualByComparingTo("100.5");
        assertThat(data.get("app_fee").decimalValue()).isEqualByComparingTo("1.41");
        assertThat(data.get("merchant_fee").asInt()).isZero();
        assertThat(data.get("amount_settled").decimalValue()).isEqualByComparingTo("99.09");
        assertThat(data.get("processor_response").asText()).isEqualTo("Approved");
        assertThat(data.get("auth_model").asText()).isEqualTo("PIN");
        assertThat(data.get("ip").asText()).isNotBlank();
        assertThat(data.get("narration").asText()).isEqualTo("Duka Letu");
        assertThat(data.get("status").asText()).isEqualTo("successful");
        assertThat(data.get("payment_type").asText()).isEqualTo("card");
        assertThat(data.get("created_at").asText()).matches("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(data.get("account_id").isIntegralNumber()).isTrue();
        assertThat(data.at("/card/first_6digits").asText()).isEqualTo("553188");
        assertThat(data.at("/card/last_4digits").asText()).isEqualTo("2950");
        assertThat(data.at("/card/type").asText()).isEqualTo("MASTERCARD");
        assertThat(data.at("/card/token").asText()).matches("flw-t1nf-[0-9a-f]{32}-m03k");
        assertThat(data.at("/meta/order_id").asText()).isEqualTo("ORD-7");
        assertThat(data.at("/customer/email").asText()).isEqualTo("wanjiku@example.co.ke");
        assertThat(data.at("/customer/name").asText()).isEqualTo("Wanjiku Kamau");
        assertThat(data.at("/customer/phone_number").asText()).isEqualTo("254708374100");
        assertThat(data.at("/customer/id").isIntegralNumber()).isTrue();

        assertThat(json(verifyByReference(reference)).get("data")).isEqualTo(data);

        Webhook webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.verifHash()).isEqualTo(SECRET_HASH);
        assertThat(webhook.contentType()).startsWith("application/json");
        assertThat(webhook.body().get("event").asText()).isEqualTo("charge.completed");
        assertThat(webhook.body().get("event.type").asText()).isEqualTo("CARD_TRANSACTION");
        JsonNode hooked = webhook.body().get("data");
        assertThat(hooked.get("id").asLong()).isEqualTo(id);
        assertThat(hooked.get("status").asText()).isEqualTo("successful");
        assertThat(hooked.get("amount").decimalValue()).isEqualByComparingTo("100.5");
        assertThat(hooked.get("flw_ref").asText()).isEqualTo(data.get("flw_ref").asText());
        assertThat(hooked.at("/customer/email").asText()).isEqualTo("wanjiku@example.co.ke");
        assertThat(hooked.has("card")).isFalse();

        JsonNode log = awaitValue(
                () -> json(get("/__sim/webhooks/log?tx_ref=" + reference, null)),
                l -> l.get("count").asInt() == 1);
        assertThat(log.at("/webhooks/0/status").asInt()).isEqualTo(200);
        assertThat(log.at("/webhooks/0/delivered").asBoolean()).isTrue();
        assertThat(log.at("/webhooks/0/verif_hash").asText()).isEqualTo(SECRET_HASH);

        HttpResponse<String> again = post("/__sim/checkout/" + token + "/decline", null, "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).at("/transaction/status").asText()).isEqualTo("successful");
        assertThat(json(get("/__sim/transactions/" + reference, null))
                        .get("status")
                        .asText())
                .isEqualTo("successful");
    }

    @Test
    void declineFailsThePaymentAndSendsAFailedWebhook() throws Exception {
        String reference = txRef();
        String token = initializedToken(reference, "75");

        HttpResponse<String> declined = post("/__sim/checkout/" + token + "/decline", null, "");
        assertThat(declined.statusCode()).isEqualTo(200);
        assertThat(json(declined).get("status").asText()).isEqualTo("failed");

        JsonNode data = json(verifyByReference(reference)).get("data");
        assertThat(data.get("status").asText()).isEqualTo("failed");
        assertThat(data.get("processor_response").asText()).isEqualTo("Declined");
        assertThat(data.has("card")).isFalse();

        Webhook webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.body().get("event").asText()).isEqualTo("charge.completed");
        assertThat(webhook.body().at("/data/status").asText()).isEqualTo("failed");
        assertThat(webhook.verifHash()).isEqualTo(SECRET_HASH);
    }

    @Test
    void cancelSendsNoWebhook() throws Exception {
        String reference = txRef();
        String token = initializedToken(reference, "75");

        HttpResponse<String> cancelled = post("/__sim/checkout/" + token + "/cancel", null, "");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("cancelled");
        assertThat(json(verifyByReference(reference)).at("/data/status").asText())
                .isEqualTo("cancelled");

        awaitIdle(transactions::idle); // every webhook scheduled so far has been sent: none was for this payment
        assertThat(webhooksFor(reference)).isEmpty();
        assertThat(json(get("/__sim/webhooks/log?tx_ref=" + reference, null))
                        .get("count")
                        .asInt())
                .isZero();
        assertThat(post("/__sim/checkout/" + token + "/pay", null, "").statusCode())
                .isEqualTo(409);
    }

    // ---- Hosted checkout in a browser ----

    @Test
    void browserChoiceRedirectsToRedirectUrlWithStatusTxRefAndTransactionId() throws Exception {
        String reference = txRef() + " & co";
        ObjectNode body = paymentBody(reference, "10");
        body.put("redirect_url", "https://shop.test/return?order=7#top");
        String token = token(json(initialize(body)).at("/data/link").asText());
        long id = json(verifyByReference(reference)).at("/data/id").asLong();

        HttpResponse<String> redirect = postForm("/__sim/checkout/" + token, "choice=cancel");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValue("https://shop.test/return?order=7&status=cancelled&tx_ref="
                        + reference.replace(" ", "+").replace("&", "%26") + "&transaction_id=" + id + "#top");

        HttpResponse<String> twice = postForm("/__sim/checkout/" + token, "choice=pay");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("already cancelled");

        // without a redirect_url the customer sees a result page
        String plain = txRef();
        ObjectNode noRedirect = paymentBody(plain, "10");
        noRedirect.remove("redirect_url");
        String plainToken = token(json(initialize(noRedirect)).at("/data/link").asText());
        HttpResponse<String> result = postForm("/__sim/checkout/" + plainToken, "choice=pay");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("is successful");

        assertThat(get("/__sim/checkout/nosuchtoken", null).statusCode()).isEqualTo(404);
        assertThat(post("/__sim/checkout/nosuchtoken/pay", null, "").statusCode())
                .isEqualTo(404);
    }

    // ---- Webhook modes ----

    @Test
    void duplicateModeSendsTheIdenticalWebhookTwice() throws Exception {
        assertThat(json(post("/__sim/webhooks", null, "{\"mode\":\"duplicate\"}"))
                        .get("mode")
                        .asText())
                .isEqualTo("duplicate");
        String reference = txRef();
        post("/__sim/checkout/" + initializedToken(reference, "40") + "/pay", null, "");

        List<Webhook> webhooks = awaitWebhooks(reference, 2);
        assertThat(webhooks).hasSize(2);
        assertThat(webhooks.get(0).raw()).isEqualTo(webhooks.get(1).raw());
        assertThat(webhooks).allSatisfy(w -> assertThat(w.verifHash()).isEqualTo(SECRET_HASH));
    }

    @Test
    void badHashModeSendsAWrongVerifHash() throws Exception {
        post("/__sim/webhooks", null, "{\"mode\":\"bad_hash\"}");
        String reference = txRef();
        post("/__sim/checkout/" + initializedToken(reference, "40") + "/pay", null, "");

        Webhook webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.verifHash()).isNotBlank().isNotEqualTo(SECRET_HASH);
        assertThat(webhook.body().at("/data/status").asText()).isEqualTo("successful");
    }

    @Test
    void noneModeSendsNothingAndResetRestoresNormal() throws Exception {
        post("/__sim/webhooks", null, "{\"mode\":\"none\"}");
        String reference = txRef();
        post("/__sim/checkout/" + initializedToken(reference, "40") + "/pay", null, "");
        awaitIdle(transactions::idle);
        assertThat(webhooksFor(reference)).isEmpty();
        assertThat(json(get("/__sim/stats")).get("webhooks_suppressed").asLong())
                .isEqualTo(1);
        assertThat(json(verifyByReference(reference)).at("/data/status").asText())
                .isEqualTo("successful");

        assertThat(post("/__sim/webhooks", null, "{\"mode\":\"sometimes\"}").statusCode())
                .isEqualTo(400);
        post("/__sim/reset", null, "{}");
        assertThat(json(get("/__sim/webhooks")).get("mode").asText()).isEqualTo("normal");
    }

    // ---- Refunds ----

    @Test
    void fullRefundByDefault() throws Exception {
        String reference = txRef();
        long id = paidTransaction(reference, "120.75");

        HttpResponse<String> refunded = refund(id, "{}");
        assertThat(refunded.statusCode()).isEqualTo(200);
        JsonNode envelope = json(refunded);
        assertThat(envelope.get("status").asText()).isEqualTo("success");
        assertThat(envelope.get("message").asText()).isEqualTo("Transaction refund initiated");
        JsonNode data = envelope.get("data");
        assertThat(data.get("id").isIntegralNumber()).isTrue();
        assertThat(data.get("account_id").isIntegralNumber()).isTrue();
        assertThat(data.get("tx_id").asLong()).isEqualTo(id);
        assertThat(data.get("flw_ref").asText()).startsWith("FLW-MOCK-");
        assertThat(data.get("wallet_id").isIntegralNumber()).isTrue();
        assertThat(data.get("amount_refunded").decimalValue()).isEqualByComparingTo("120.75");
        assertThat(data.get("status").asText()).isEqualTo("completed");
        assertThat(data.get("destination").asText()).isEqualTo("payment_source");
        assertThat(data.at("/meta/source").asText()).isEqualTo("availablebalance");
        assertThat(data.get("created_at").asText()).isNotBlank();

        assertError(refund(id, ""), 400, "Transaction has already been fully refunded");
        JsonNode view = json(get("/__sim/transactions/" + reference, null));
        assertThat(view.get("amount_refunded").decimalValue()).isEqualByComparingTo("120.75");
        assertThat(view.get("refunds")).hasSize(1);
    }

    @Test
    void partialRefundsUpToTheAmountThenOverRefundIsRejected() throws Exception {
        long id = paidTransaction(txRef(), "100");

        assertThat(json(refund(id, "{\"amount\":30.5}"))
                        .at("/data/amount_refunded")
                        .decimalValue())
                .isEqualByComparingTo("30.5");
        assertError(refund(id, "{\"amount\":70}"), 400, "Refund amount exceeds the refundable balance of 69.5 KES");
        assertError(refund(id, "{\"amount\":0}"), 400, "Invalid amount");
        assertError(refund(id, "{\"amount\":\"lots\"}"), 400, "Invalid amount");
        assertThat(json(refund(id, "{\"amount\":\"69.5\"}"))
                        .at("/data/amount_refunded")
                        .decimalValue())
                .isEqualByComparingTo("69.5");
        assertError(refund(id, "{\"amount\":1}"), 400, "Transaction has already been fully refunded");
    }

    @Test
    void refundsOnlyForSuccessfulKnownPaymentsAndFailModeFails() throws Exception {
        String pending = txRef();
        initializedToken(pending, "50");
        long pendingId = json(verifyByReference(pending)).at("/data/id").asLong();
        assertError(refund(pendingId, "{}"), 400, "Only successful transactions can be refunded");
        assertError(refund(987654321L, "{}"), 400, "No transaction was found for this id");

        long id = paidTransaction(txRef(), "50");
        assertThat(json(post("/__sim/refunds", null, "{\"mode\":\"fail\"}"))
                        .get("mode")
                        .asText())
                .isEqualTo("fail");
        assertError(refund(id, "{\"amount\":10}"), 400, "Refund failed");
        assertError(refund(id, "{\"amount\":60}"), 400, "Refund amount exceeds the refundable balance of 50 KES");

        post("/__sim/refunds", null, "{\"mode\":\"process\"}");
        assertThat(json(refund(id, "{}")).at("/data/amount_refunded").decimalValue())
                .isEqualByComparingTo("50");
        assertThat(json(get("/__sim/stats")).get("refund_requests").asLong()).isEqualTo(5);
    }

    // ---- Lookups and routing ----

    @Test
    void unknownTransactionsPathsAndMethods() throws Exception {
        assertError(verifyById(123456789L), 400, "No transaction was found for this id");
        assertError(get("/v3/transactions/abc/verify", bearer()), 400, "No transaction was found for this id");
        assertError(verifyByReference("no-such-ref"), 400, "No transaction was found for this id");
        assertError(get("/v3/transactions/verify_by_reference", bearer()), 400, "No transaction was found for this id");
        assertThat(get("/__sim/transactions/no-such-ref", null).statusCode()).isEqualTo(404);

        assertThat(get("/v3/nothing/here", bearer()).statusCode()).isEqualTo(404);
        assertThat(json(get("/v3/nothing/here", bearer())).get("status").asText())
                .isEqualTo("error");
        assertThat(get("/v3/payments", bearer()).statusCode()).isEqualTo(405);
    }

    // ---- Faults ----

    @Test
    void downAnswers503OnEveryApiPathButNotOnControlOrCheckout() throws Exception {
        String reference = txRef();
        String token = initializedToken(reference, "10");
        assertThat(json(post("/__sim/faults", null, "{\"mode\":\"down\"}"))
                        .get("mode")
                        .asText())
                .isEqualTo("down");

        assertError(initialize(paymentBody(txRef(), "10")), 503, "Service Unavailable");
        assertError(verifyByReference(reference), 503, "Service Unavailable");
        assertError(verifyById(1), 503, "Service Unavailable");
        assertError(refund(1, "{}"), 503, "Service Unavailable");
        assertError(get("/v3/nothing/here", null), 503, "Service Unavailable");
        assertError(post("/v3/payments", null, "{}"), 503, "Service Unavailable"); // down before auth
        assertThat(get("/__sim/faults").statusCode()).isEqualTo(200);
        assertThat(get("/__sim/checkout/" + token, null).statusCode()).isEqualTo(200);

        post("/__sim/faults", null, "{\"mode\":\"none\"}");
        assertThat(verifyByReference(reference).statusCode()).isEqualTo(200);
    }

    @Test
    void slowAddsLatencyThenAnswersNormally() throws Exception {
        String reference = txRef();
        initializedToken(reference, "10");
        post("/__sim/faults", null, "{\"mode\":\"slow\",\"latency_ms\":600}");
        assertThat(json(get("/__sim/faults")).get("latency_ms").asLong()).isEqualTo(600);

        long started = System.nanoTime();
        HttpResponse<String> response = verifyByReference(reference);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(600);
        assertThat(post("/__sim/faults", null, "{\"mode\":\"slow\",\"latency_ms\":-1}")
                        .statusCode())
                .isEqualTo(400);

        post("/__sim/reset", null, "{}");
        assertThat(json(get("/__sim/faults")).get("mode").asText()).isEqualTo("none");
    }

    // ---- helpers ----

    @FunctionalInterface
    interface BodyChange {
        void apply(ObjectNode body);
    }

    private void assertInvalid(BodyChange change, String message) throws Exception {
        ObjectNode body = paymentBody(txRef(), "100");
        change.apply(body);
        assertError(initialize(body), 400, message);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.has("data")).isTrue();
        assertThat(body.get("data").isNull()).isTrue();
    }

    private static String txRef() {
        return "ONP-" + UUID.randomUUID();
    }

    private static ObjectNode paymentBody(String txRef, String amount) {
        ObjectNode body = JSON.createObjectNode()
                .put("tx_ref", txRef)
                .put("amount", new BigDecimal(amount))
                .put("currency", "KES")
                .put("redirect_url", "https://shop.test/return")
                .put("payment_options", "card");
        body.putObject("customer")
                .put("email", "wanjiku@example.co.ke")
                .put("name", "Wanjiku Kamau")
                .put("phonenumber", "254708374100");
        return body;
    }

    private static String token(String link) {
        assertThat(link).startsWith(CHECKOUT_BASE);
        return link.substring(CHECKOUT_BASE.length());
    }

    private String initializedToken(String reference, String amount) throws Exception {
        HttpResponse<String> response = initialize(paymentBody(reference, amount));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return token(json(response).at("/data/link").asText());
    }

    private long paidTransaction(String reference, String amount) throws Exception {
        HttpResponse<String> paid = post("/__sim/checkout/" + initializedToken(reference, amount) + "/pay", null, "");
        assertThat(paid.statusCode()).isEqualTo(200);
        return json(paid).get("id").asLong();
    }

    private HttpResponse<String> initialize(ObjectNode body) throws Exception {
        return post("/v3/payments", bearer(), body.toString());
    }

    private HttpResponse<String> verifyById(long id) throws Exception {
        return get("/v3/transactions/" + id + "/verify", bearer());
    }

    private HttpResponse<String> verifyByReference(String reference) throws Exception {
        return get(
                "/v3/transactions/verify_by_reference?tx_ref=" + URLEncoder.encode(reference, StandardCharsets.UTF_8),
                bearer());
    }

    private HttpResponse<String> refund(long id, String body) throws Exception {
        return post("/v3/transactions/" + id + "/refund", bearer(), body);
    }

    private static String bearer() {
        return "Bearer " + SECRET_KEY;
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

    private HttpResponse<String> postForm(String path, String form) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/sim/flutterwave" + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static List<Webhook> webhooksFor(String reference) {
        return WEBHOOKS.stream().filter(w -> reference.equals(w.txRef())).toList();
    }

    private static List<Webhook> awaitWebhooks(String reference, int count) throws Exception {
        return awaitValue(() -> webhooksFor(reference), list -> list.size() >= count);
    }
}
