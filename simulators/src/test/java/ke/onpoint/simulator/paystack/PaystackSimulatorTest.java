package ke.onpoint.simulator.paystack;

import static ke.onpoint.simulator.SimulatorAwait.awaitIdle;
import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.JSON;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The Paystack simulator over real HTTP, the way the gateway's Paystack client will use it, with a real HTTP
 * listener as the webhook URL that checks every signature itself. Delays are shortened (webhook 200 ms,
 * redelivery 300 ms) so every scenario finishes in about a second.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = PaystackSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.paystack.enabled=true",
            "onpoint.simulator.paystack.secret-key=" + PaystackSimulatorTest.SECRET,
            "onpoint.simulator.paystack.checkout-base-url=" + PaystackSimulatorTest.CHECKOUT_BASE,
            "onpoint.simulator.paystack.webhook-delay=200ms",
            "onpoint.simulator.paystack.redelivery-delay=300ms",
            "onpoint.simulator.paystack.max-deliveries=3",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false", // no database in a simulator-only context
            "logging.file.name=target/paystack-simulator-test.log"
        })
class PaystackSimulatorTest {

    /** Only the simulator and Spring MVC (nested, so no other test's component scan sees it). */
    @SimulatorOnlyApplication
    @Import(PaystackSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    static final String SECRET = "sk_test_unit_0123456789abcdef0123456789abcdef";
    static final String CHECKOUT_BASE = "http://checkout.sim.test/sim/paystack";

    /** One POST the webhook listener received, exactly as it came. */
    record Received(byte[] raw, String signature, String contentType, JsonNode json) {
        String reference() {
            JsonNode data = json.path("data");
            return data.has("transaction_reference")
                    ? data.get("transaction_reference").asText()
                    : data.path("reference").asText();
        }
    }

    private static final List<Received> WEBHOOKS = new CopyOnWriteArrayList<>();
    /** reference → how many more deliveries the listener answers with 500. */
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private static CallbackReceiver listener;

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        startListener();
        registry.add("onpoint.simulator.paystack.webhook-url", listener::url);
    }

    private static synchronized void startListener() {
        if (listener != null) {
            return;
        }
        listener = CallbackReceiver.start("/paystack/webhook", request -> {
            byte[] raw = request.body();
            Received received = new Received(
                    raw, request.header("x-paystack-signature"), request.header("Content-Type"), JSON.readTree(raw));
            AtomicInteger failures = FAILURES.get(received.reference());
            int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                WEBHOOKS.add(received);
            }
            return CallbackReceiver.Reply.status(status);
        });
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    /** What it has scheduled or under way shows when a webhook that has not come never will. */
    @Autowired
    private PaystackTransactions transactions;

    @LocalServerPort
    int port;

    private PaystackSimHttp http;

    @BeforeEach
    void resetSimulator() throws Exception {
        http = new PaystackSimHttp(port, SECRET);
        assertThat(http.control("/__sim/reset", "{}").statusCode()).isEqualTo(200);
    }

    // ---- auth ----

    @Test
    void everyApiCallNeedsTheSecretKey() throws Exception {
        String body = "{\"email\":\"a@b.co\",\"amount\":1000}";
        for (String authorization : new String[] {null, "Bearer sk_test_wrong", "Basic " + SECRET, SECRET, "Bearer "}) {
            assertPaystackError(
                    http.send("POST", "/transaction/initialize", authorization, "application/json", body),
                    401,
                    "Invalid key");
        }
        assertPaystackError(http.send("GET", "/transaction/verify/x", null, null, null), 401, "Invalid key");
        assertPaystackError(
                http.send("POST", "/refund", "Bearer nope", "application/json", "{\"transaction\":\"x\"}"),
                401,
                "Invalid key");
        assertPaystackError(http.send("POST", "/charge", null, "application/json", "{}"), 401, "Invalid key");
        assertPaystackError(http.send("GET", "/refund/1", null, null, null), 401, "Invalid key");
        assertThat(http.send("POST", "/transaction/initialize", "bearer " + SECRET, "application/json", body)
                        .statusCode())
                .isEqualTo(200);
    }

    // ---- initialize ----

    @Test
    void initializeValidatesLikePaystack() throws Exception {
        assertInitializeError("{\"amount\":1000}", "Invalid Email Address Passed");
        assertInitializeError("{\"email\":\"not-an-email\",\"amount\":1000}", "Invalid Email Address Passed");
        assertInitializeError("{\"email\":\"a@b.co\"}", "Invalid Amount Sent");
        assertInitializeError("{\"email\":\"a@b.co\",\"amount\":0}", "Invalid Amount Sent");
        assertInitializeError("{\"email\":\"a@b.co\",\"amount\":-500}", "Invalid Amount Sent");
        assertInitializeError("{\"email\":\"a@b.co\",\"amount\":\"ten\"}", "Invalid Amount Sent");
        assertInitializeError("{\"email\":\"a@b.co\",\"amount\":100.5}", "Amount must be an integer");
        assertInitializeError("{\"email\":\"a@b.co\",\"amount\":100.0}", "Amount must be an integer");
        assertInitializeError("{\"email\":\"a@b.co\",\"amount\":\"100.50\"}", "Amount must be an integer");
        assertInitializeError(
                "{\"email\":\"a@b.co\",\"amount\":1000,\"currency\":\"EUR\"}", "Currency not supported by merchant");
        assertInitializeError(
                "{\"email\":\"a@b.co\",\"amount\":1000,\"reference\":\"has space\"}",
                "Invalid character in transaction reference");
        assertInitializeError(
                "{\"email\":\"a@b.co\",\"amount\":1000,\"reference\":\"ord/1\"}",
                "Invalid character in transaction reference");
        assertInitializeError(
                "{\"email\":\"a@b.co\",\"amount\":1000,\"reference\":\"\"}",
                "Invalid character in transaction reference");

        String reference = "ord-" + System.nanoTime() + ".x=1";
        String body = "{\"email\":\"a@b.co\",\"amount\":\"1000\",\"currency\":\"USD\",\"reference\":\"" + reference
                + "\",\"metadata\":\"{\\\"order_id\\\":42}\",\"channels\":[\"card\",\"mobile_money\"]}";
        HttpResponse<String> created = http.api("POST", "/transaction/initialize", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode answer = json(created);
        assertThat(answer.get("status").asBoolean()).isTrue();
        assertThat(answer.get("message").asText()).isEqualTo("Authorization URL created");
        String accessCode = answer.at("/data/access_code").asText();
        assertThat(accessCode).matches("[a-z0-9]{10,15}");
        assertThat(answer.at("/data/authorization_url").asText())
                .isEqualTo(CHECKOUT_BASE + "/__sim/checkout/" + accessCode);
        assertThat(answer.at("/data/reference").asText()).isEqualTo(reference);
        assertInitializeError(body, "Duplicate Transaction Reference");

        JsonNode verified = verify(reference);
        assertThat(verified.at("/data/status").asText()).isEqualTo("abandoned");
        assertThat(verified.at("/data/amount").asLong()).isEqualTo(1000);
        assertThat(verified.at("/data/currency").asText()).isEqualTo("USD");
        assertThat(verified.at("/data/metadata/order_id").asInt()).isEqualTo(42); // the JSON string, parsed
        assertThat(verified.at("/data/gateway_response").asText()).isEqualTo("The transaction was not completed");
        assertThat(verified.at("/data/authorization").isEmpty()).isTrue();
        assertThat(verified.at("/data/paid_at").isNull()).isTrue();

        JsonNode generated = json(http.api("POST", "/transaction/initialize", "{\"email\":\"a@b.co\",\"amount\":1}"));
        assertThat(generated.at("/data/reference").asText()).matches("[a-z0-9]{15}");
        assertThat(verify(generated.at("/data/reference").asText())
                        .at("/data/currency")
                        .asText())
                .isEqualTo("KES");
        // 13 refused, the created one, its duplicate and the generated one: every call counts
        assertThat(json(http.get("/__sim/stats")).get("initialize").asLong()).isEqualTo(16);
    }

    @Test
    void verifyOfAnUnknownReferenceIsNotFound() throws Exception {
        assertPaystackError(
                http.api("GET", "/transaction/verify/no-such-ref", null), 400, "Transaction reference not found");
    }

    // ---- hosted checkout: pay ----

    @Test
    void checkoutPayThenVerifySuccessAndSignedChargeSuccessWebhook() throws Exception {
        JsonNode init = initialize("{\"email\":\"Checkout.Buyer@Example.com\",\"amount\":250000,\"callback_url\":"
                + "\"https://shop.example/return?order=7\",\"metadata\":{\"order_id\":\"7\"}}");
        String reference = init.at("/data/reference").asText();
        String accessCode = init.at("/data/access_code").asText();

        HttpResponse<String> page = http.get("/__sim/checkout/" + accessCode);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("KES 2500.00", "Checkout.Buyer@Example.com");
        assertThat(page.body()).contains("/pay\"", "/decline\"", "/abandon\"");

        HttpResponse<String> paid = http.control("/__sim/checkout/" + accessCode + "/pay", null);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(json(paid).get("status").asText()).isEqualTo("success");
        assertThat(json(paid).get("redirect_url").asText())
                .isEqualTo("https://shop.example/return?order=7&trxref=" + reference + "&reference=" + reference);

        JsonNode data = verify(reference).get("data");
        assertThat(data.get("status").asText()).isEqualTo("success");
        assertThat(data.get("gateway_response").asText()).isEqualTo("Successful");
        assertThat(data.get("amount").asLong()).isEqualTo(250000);
        assertThat(data.get("requested_amount").asLong()).isEqualTo(250000);
        assertThat(data.get("currency").asText()).isEqualTo("KES");
        assertThat(data.get("channel").asText()).isEqualTo("card");
        assertThat(data.get("domain").asText()).isEqualTo("test");
        assertThat(data.get("fees").asLong()).isEqualTo(7250);
        assertThat(data.get("paid_at").asText()).matches("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(data.get("paidAt").asText()).isEqualTo(data.get("paid_at").asText());
        assertThat(data.get("createdAt").asText())
                .isEqualTo(data.get("created_at").asText());
        assertThat(data.get("log").isNull()).isTrue();
        assertThat(data.get("plan").isNull()).isTrue();
        assertThat(data.get("subaccount").isObject()).isTrue();
        assertThat(data.at("/metadata/order_id").asText()).isEqualTo("7");
        JsonNode authorization = data.get("authorization");
        assertThat(authorization.get("authorization_code").asText()).matches("AUTH_[a-z0-9]{10}");
        assertThat(authorization.get("bin").asText()).isEqualTo("408408");
        assertThat(authorization.get("last4").asText()).isEqualTo("4081");
        assertThat(authorization.get("exp_month").asText()).isEqualTo("12");
        assertThat(authorization.get("exp_year").asText()).isEqualTo("2030");
        assertThat(authorization.get("card_type").asText()).isEqualTo("visa ");
        assertThat(authorization.get("bank").asText()).isEqualTo("TEST BANK");
        assertThat(authorization.get("country_code").asText()).isEqualTo("KE");
        assertThat(authorization.get("brand").asText()).isEqualTo("visa");
        assertThat(authorization.get("reusable").asBoolean()).isTrue();
        assertThat(authorization.get("signature").asText()).startsWith("SIG_");
        assertThat(authorization.get("account_name").isNull()).isTrue();
        JsonNode customer = data.get("customer");
        assertThat(customer.get("id").isIntegralNumber()).isTrue();
        assertThat(customer.get("email").asText()).isEqualTo("Checkout.Buyer@Example.com");
        assertThat(customer.get("customer_code").asText()).matches("CUS_[a-z0-9]{15}");
        assertThat(customer.get("phone").isNull()).isTrue();
        assertThat(customer.get("risk_action").asText()).isEqualTo("default");

        Received webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.contentType()).isEqualTo("application/json");
        assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        assertThat(webhook.json().get("event").asText()).isEqualTo("charge.success");
        assertThat(webhook.json().get("data")).isEqualTo(data); // the full transaction object, as verify shows it

        assertThat(http.control("/__sim/checkout/" + accessCode + "/pay", null).statusCode())
                .isEqualTo(409);
        assertThat(http.get("/__sim/checkout/" + accessCode).statusCode()).isEqualTo(404);
        JsonNode log = awaitValue(
                () -> json(http.get("/__sim/webhooks/log?reference=" + reference)),
                l -> l.get("count").asInt() == 1);
        assertThat(log.at("/webhooks/0/status").asInt()).isEqualTo(200);
        assertThat(log.at("/webhooks/0/event").asText()).isEqualTo("charge.success");
        JsonNode stats = json(http.get("/__sim/stats"));
        assertThat(stats.get("initialize").asLong()).isEqualTo(1);
        assertThat(stats.get("verify").asLong()).isEqualTo(1);
        // at least: a webhook scheduled by an earlier test may land after the reset
        assertThat(stats.get("webhooks_sent").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void browserFormPostRedirectsToCallbackUrlWithTheReference() throws Exception {
        JsonNode init = initialize(
                "{\"email\":\"a@b.co\",\"amount\":5000," + "\"callback_url\":\"http://localhost:8000/return\"}");
        String reference = init.at("/data/reference").asText();
        String accessCode = init.at("/data/access_code").asText();

        HttpResponse<String> redirect = http.send(
                "POST",
                "/__sim/checkout/" + accessCode + "/decline",
                null,
                "application/x-www-form-urlencoded",
                "action=decline");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValue("http://localhost:8000/return?trxref=" + reference + "&reference=" + reference);

        HttpResponse<String> again = http.send(
                "POST",
                "/__sim/checkout/" + accessCode + "/pay",
                null,
                "application/x-www-form-urlencoded",
                "action=pay");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(http.get("/__sim/checkout/nosuchcode").statusCode()).isEqualTo(404);

        // without a callback_url the customer sees a result page instead
        String other = initialize("{\"email\":\"a@b.co\",\"amount\":5000}")
                .at("/data/access_code")
                .asText();
        HttpResponse<String> result = http.send(
                "POST", "/__sim/checkout/" + other + "/pay", null, "application/x-www-form-urlencoded", "action=pay");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Payment successful.");
    }

    @Test
    void declineFailsTheTransactionWithoutWebhook() throws Exception {
        JsonNode init = initialize("{\"email\":\"a@b.co\",\"amount\":7000}");
        String reference = init.at("/data/reference").asText();
        HttpResponse<String> declined =
                http.control("/__sim/checkout/" + init.at("/data/access_code").asText() + "/decline", null);
        assertThat(declined.statusCode()).isEqualTo(200);
        assertThat(json(declined).get("status").asText()).isEqualTo("failed");
        assertThat(json(declined).get("redirect_url").isNull()).isTrue();

        JsonNode data = verify(reference).get("data");
        assertThat(data.get("status").asText()).isEqualTo("failed");
        assertThat(data.get("gateway_response").asText()).isEqualTo("Declined");
        assertThat(data.get("paid_at").isNull()).isTrue();
        awaitIdle(transactions::idle);
        assertThat(webhooksFor(reference)).isEmpty();
        assertPaystackError(
                http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\"}"),
                400,
                "Transaction has not been completed");
    }

    @Test
    void abandonLeavesTheTransactionAbandonedAndUsesUpTheLink() throws Exception {
        JsonNode init = initialize("{\"email\":\"a@b.co\",\"amount\":7000}");
        String reference = init.at("/data/reference").asText();
        String accessCode = init.at("/data/access_code").asText();
        HttpResponse<String> abandoned = http.control("/__sim/checkout/" + accessCode + "/abandon", null);
        assertThat(abandoned.statusCode()).isEqualTo(200);
        assertThat(json(abandoned).get("status").asText()).isEqualTo("abandoned");

        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("abandoned");
        assertThat(http.control("/__sim/checkout/" + accessCode + "/pay", null).statusCode())
                .isEqualTo(409);
        assertThat(http.get("/__sim/checkout/" + accessCode).statusCode()).isEqualTo(404);
        assertThat(http.control("/__sim/checkout/nosuchcode/pay", null).statusCode())
                .isEqualTo(404);
        awaitIdle(transactions::idle);
        assertThat(webhooksFor(reference)).isEmpty();
        assertPaystackError(
                http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\"}"),
                400,
                "Transaction has not been completed");
    }

    // ---- webhook modes and redelivery ----

    @Test
    void duplicateModeDeliversTheIdenticalSignedBodyTwice() throws Exception {
        setWebhookMode("duplicate");
        String reference = paidTransaction(3000);

        List<Received> received = awaitWebhooks(reference, 2);
        assertThat(received).hasSize(2);
        assertThat(received.get(0).raw()).isEqualTo(received.get(1).raw());
        for (Received webhook : received) {
            assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        }
    }

    @Test
    void badSignatureModeSignsWithAnotherSecret() throws Exception {
        setWebhookMode("bad_signature");
        String reference = paidTransaction(3000);

        Received webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.signature()).matches("[0-9a-f]{128}");
        assertThat(webhook.signature()).isNotEqualTo(hmacSha512(webhook.raw(), SECRET));
    }

    @Test
    void noneModeLosesTheWebhookButLogsIt() throws Exception {
        setWebhookMode("none");
        String reference = paidTransaction(3000);

        JsonNode log = awaitValue(
                () -> json(http.get("/__sim/webhooks/log?reference=" + reference)),
                l -> l.get("count").asInt() == 1);
        assertThat(log.at("/webhooks/0/dropped").asBoolean()).isTrue();
        assertThat(log.at("/webhooks/0/delivered").asBoolean()).isFalse();
        awaitIdle(transactions::idle);
        assertThat(webhooksFor(reference)).isEmpty();
        assertThat(json(http.get("/__sim/stats")).get("webhooks_dropped").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("success");
    }

    @Test
    void redeliversUntilTheListenerAnswers200() throws Exception {
        String reference = "redeliver-" + System.nanoTime();
        FAILURES.put(reference, new AtomicInteger(2));
        paidTransaction(reference, 3000);

        Received webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        JsonNode log = awaitValue(
                () -> json(http.get("/__sim/webhooks/log?reference=" + reference)),
                l -> l.get("count").asInt() == 3);
        assertThat(log.at("/webhooks/0/status").asInt()).isEqualTo(500);
        assertThat(log.at("/webhooks/1/status").asInt()).isEqualTo(500);
        assertThat(log.at("/webhooks/2/status").asInt()).isEqualTo(200);
        assertThat(log.at("/webhooks/2/attempt").asInt()).isEqualTo(3);
        Instant first = Instant.parse(log.at("/webhooks/0/at").asText());
        Instant third = Instant.parse(log.at("/webhooks/2/at").asText());
        assertThat(Duration.between(first, third).toMillis()).isGreaterThanOrEqualTo(550);
    }

    @Test
    void givesUpAfterMaxDeliveries() throws Exception {
        String reference = "giveup-" + System.nanoTime();
        FAILURES.put(reference, new AtomicInteger(100));
        paidTransaction(reference, 3000);

        awaitValue(
                () -> json(http.get("/__sim/webhooks/log?reference=" + reference)),
                l -> l.get("count").asInt() == 3);
        awaitIdle(transactions::idle);
        JsonNode log = json(http.get("/__sim/webhooks/log?reference=" + reference));
        assertThat(log.get("count").asInt()).isEqualTo(3);
        assertThat(json(http.get("/__sim/stats")).get("webhooks_failed").asLong())
                .isGreaterThanOrEqualTo(3);
    }

    // ---- refunds ----

    @Test
    void fullRefundIsQueuedThenProcessedWithWebhookAndReversesTheTransaction() throws Exception {
        String reference = paidTransaction(10000);
        HttpResponse<String> queued = http.api(
                "POST",
                "/refund",
                "{\"transaction\":\"" + reference
                        + "\",\"merchant_note\":\"duplicate order\",\"customer_note\":\"sorry\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
        JsonNode answer = json(queued);
        assertThat(answer.get("message").asText()).isEqualTo("Refund has been queued for processing");
        JsonNode refund = answer.get("data");
        assertThat(refund.get("status").asText()).isEqualTo("pending");
        assertThat(refund.get("amount").asLong()).isEqualTo(10000);
        assertThat(refund.get("currency").asText()).isEqualTo("KES");
        assertThat(refund.get("deducted_amount").asLong()).isZero();
        assertThat(refund.get("fully_deducted").asBoolean()).isFalse();
        assertThat(refund.get("refunded_by").asText()).isEqualTo("sim@onpoint.test");
        assertThat(refund.get("merchant_note").asText()).isEqualTo("duplicate order");
        assertThat(refund.get("customer_note").asText()).isEqualTo("sorry");
        assertThat(refund.get("channel").isNull()).isTrue();
        assertThat(refund.get("domain").asText()).isEqualTo("test");
        assertThat(refund.at("/transaction/reference").asText()).isEqualTo(reference);
        assertThat(refund.at("/transaction/amount").asLong()).isEqualTo(10000);
        long refundId = refund.get("id").asLong();

        Received webhook = awaitWebhooks(reference, 2).stream()
                .filter(w -> w.json().get("event").asText().startsWith("refund."))
                .findFirst()
                .orElseThrow();
        assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        JsonNode data = webhook.json().get("data");
        assertThat(webhook.json().get("event").asText()).isEqualTo("refund.processed");
        assertThat(data.get("status").asText()).isEqualTo("processed");
        assertThat(data.get("transaction_reference").asText()).isEqualTo(reference);
        assertThat(data.get("refund_reference").asText()).isEqualTo(Long.toString(refundId));
        assertThat(data.get("amount").asLong()).isEqualTo(10000);
        assertThat(data.get("currency").asText()).isEqualTo("KES");
        assertThat(data.get("processor").asText()).isEqualTo("card");
        assertThat(data.at("/customer/email").asText()).isEqualTo("buyer@example.com");
        assertThat(data.get("domain").asText()).isEqualTo("test");
        assertThat(data.get("id").asLong()).isEqualTo(refundId);

        JsonNode fetched = json(http.api("GET", "/refund/" + refundId, null)).get("data");
        assertThat(fetched.get("status").asText()).isEqualTo("processed");
        assertThat(fetched.get("deducted_amount").asLong()).isEqualTo(10000);
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("reversed");
        assertPaystackError(
                http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\"}"),
                400,
                "Transaction has been fully reversed");
        assertPaystackError(http.api("GET", "/refund/999999999999", null), 404, "Refund not found");
        assertThat(json(http.get("/__sim/stats")).get("refund").asLong()).isEqualTo(2);
    }

    @Test
    void partialRefundsUpToTheUnrefundedAmount() throws Exception {
        String reference = paidTransaction(10000);
        long id = verify(reference).at("/data/id").asLong();

        assertThat(http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\",\"amount\":3000}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("success");
        HttpResponse<String> over =
                http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\",\"amount\":7001}");
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(json(over).get("status").asBoolean()).isFalse();
        assertThat(json(over).get("message").asText())
                .startsWith("Refund amount cannot be more than the unrefunded amount");
        assertPaystackError(
                http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\",\"amount\":10.5}"),
                400,
                "Amount must be an integer");
        assertPaystackError(
                http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\",\"currency\":\"USD\"}"),
                400,
                "Currency does not match the transaction's currency");

        // by transaction id, without amount: whatever remains
        JsonNode rest = json(http.api("POST", "/refund", "{\"transaction\":" + id + "}"))
                .get("data");
        assertThat(rest.get("amount").asLong()).isEqualTo(7000);
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("reversed");

        JsonNode list = json(http.api("GET", "/refund?transaction=" + reference, null));
        assertThat(list.get("data")).hasSize(2);
        assertThat(list.at("/meta/total").asInt()).isEqualTo(2);
        assertPaystackError(
                http.api("POST", "/refund", "{\"transaction\":\"no-such-ref\"}"), 404, "Transaction not found");
        assertPaystackError(http.api("POST", "/refund", "{}"), 400, "Transaction reference or id is required");
    }

    @Test
    void failModeFailsTheRefundAndGivesTheAmountBack() throws Exception {
        String reference = paidTransaction(10000);
        awaitWebhooks(reference, 1); // charge.success first
        assertThat(json(http.control("/__sim/refunds", "{\"mode\":\"fail\"}"))
                        .get("mode")
                        .asText())
                .isEqualTo("fail");

        long refundId = json(http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\"}"))
                .at("/data/id")
                .asLong();
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("reversed");

        Received webhook = awaitWebhooks(reference, 2).get(1);
        assertThat(webhook.json().get("event").asText()).isEqualTo("refund.failed");
        assertThat(webhook.json().at("/data/status").asText()).isEqualTo("failed");
        assertThat(json(http.api("GET", "/refund/" + refundId, null))
                        .at("/data/status")
                        .asText())
                .isEqualTo("failed");
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("success");

        http.control("/__sim/reset", "{}");
        assertThat(http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\",\"amount\":10000}")
                        .statusCode())
                .isEqualTo(200);
    }

    // ---- M-Pesa charge ----

    @Test
    void mpesaChargeIsPayOfflineThenSucceedsWithWebhook() throws Exception {
        assertPaystackError(charge("254710000000", null), 400, "Invalid phone number format");
        assertPaystackError(charge("0710000000", null), 400, "Invalid phone number format");

        String reference = "mpesa-" + System.nanoTime();
        HttpResponse<String> attempted = charge("+254710000000", reference);
        assertThat(attempted.statusCode()).as(attempted.body()).isEqualTo(200);
        JsonNode answer = json(attempted);
        assertThat(answer.get("message").asText()).isEqualTo("Charge attempted");
        assertThat(answer.at("/data/reference").asText()).isEqualTo(reference);
        assertThat(answer.at("/data/status").asText()).isEqualTo("pay_offline");
        assertThat(answer.at("/data/display_text").asText())
                .isEqualTo("Please complete authorization process on your mobile phone");
        assertThat(verify(reference).at("/data/status").asText()).isEqualTo("ongoing");

        Received webhook = awaitWebhooks(reference, 1).get(0);
        assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        assertThat(webhook.json().get("event").asText()).isEqualTo("charge.success");
        JsonNode data = verify(reference).get("data");
        assertThat(data.get("status").asText()).isEqualTo("success");
        assertThat(data.get("channel").asText()).isEqualTo("mobile_money");
        assertThat(data.get("receipt_number").asText()).matches("S[A-Z0-9]{9}");
        assertThat(data.at("/authorization/channel").asText()).isEqualTo("mobile_money");
        assertThat(data.at("/customer/phone").asText()).isEqualTo("+254710000000");
        assertThat(webhook.json().get("data")).isEqualTo(data);

        long refundId = json(http.api("POST", "/refund", "{\"transaction\":\"" + reference + "\",\"amount\":500}"))
                .at("/data/id")
                .asLong();
        Received refunded = awaitWebhooks(reference, 2).get(1);
        assertThat(refunded.json().at("/data/processor").asText()).isEqualTo("mpesa");
        assertThat(refunded.json().at("/data/id").asLong()).isEqualTo(refundId);
        assertThat(json(http.get("/__sim/stats")).get("charge").asLong()).isEqualTo(3);
    }

    @Test
    void mpesaPhoneEndingIn32Declines() throws Exception {
        String reference = "mpesa-decline-" + System.nanoTime();
        assertThat(charge("+254710000032", reference).statusCode()).isEqualTo(200);

        JsonNode data = awaitValue(
                () -> verify(reference).get("data"),
                d -> !"ongoing".equals(d.get("status").asText()));
        assertThat(data.get("status").asText()).isEqualTo("failed");
        assertThat(data.get("gateway_response").asText()).isEqualTo("Declined");
        awaitIdle(transactions::idle);
        assertThat(webhooksFor(reference)).isEmpty();
    }

    // ---- control ----

    @Test
    void tamperedAmountShowsInVerifyButRequestedAmountStays() throws Exception {
        String reference = initialize("{\"email\":\"a@b.co\",\"amount\":10000}")
                .at("/data/reference")
                .asText();
        HttpResponse<String> tampered =
                http.control("/__sim/transactions/" + reference + "/amount", "{\"amount\":100}");
        assertThat(tampered.statusCode()).isEqualTo(200);

        JsonNode data = verify(reference).get("data");
        assertThat(data.get("amount").asLong()).isEqualTo(100);
        assertThat(data.get("requested_amount").asLong()).isEqualTo(10000);
        assertThat(http.control("/__sim/transactions/nope/amount", "{\"amount\":1}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.control("/__sim/transactions/" + reference + "/amount", "{\"amount\":1.5}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(json(http.get("/__sim/transactions/" + reference))
                        .get("checkout_pending")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void badControlBodiesAreRejected() throws Exception {
        assertThat(http.control("/__sim/webhooks", "{\"mode\":\"sometimes\"}").statusCode())
                .isEqualTo(400);
        assertThat(http.control("/__sim/refunds", "{}").statusCode()).isEqualTo(400);
        assertThat(http.control("/__sim/faults", "{\"mode\":\"broken\"}").statusCode())
                .isEqualTo(400);
        assertThat(json(http.get("/__sim/webhooks")).get("mode").asText()).isEqualTo("normal");
    }

    // ---- faults ----

    @Test
    void downFaultAnswers503OnEveryApiPathButNotOnControlOrCheckout() throws Exception {
        String accessCode = initialize("{\"email\":\"a@b.co\",\"amount\":1000}")
                .at("/data/access_code")
                .asText();
        assertThat(json(http.control("/__sim/faults", "{\"mode\":\"down\"}"))
                        .get("mode")
                        .asText())
                .isEqualTo("down");

        assertPaystackError(
                http.api("POST", "/transaction/initialize", "{\"email\":\"a@b.co\",\"amount\":1000}"),
                503,
                "Service Unavailable");
        assertPaystackError(http.api("GET", "/transaction/verify/x", null), 503, "Service Unavailable");
        assertPaystackError(http.api("POST", "/refund", "{\"transaction\":\"x\"}"), 503, "Service Unavailable");
        assertPaystackError(http.api("POST", "/charge", "{}"), 503, "Service Unavailable");
        assertPaystackError(http.send("GET", "/transaction/verify/x", null, null, null), 503, "Service Unavailable");
        assertPaystackError(http.api("GET", "/no/such/path", null), 503, "Service Unavailable");
        assertThat(http.get("/__sim/faults").statusCode()).isEqualTo(200);
        assertThat(http.get("/__sim/checkout/" + accessCode).statusCode()).isEqualTo(200);

        http.control("/__sim/faults", "{\"mode\":\"none\"}");
        assertPaystackError(http.api("GET", "/no/such/path", null), 404, "Not found");
        assertThat(http.api("GET", "/transaction/verify/x", null).statusCode()).isEqualTo(400);
    }

    @Test
    void slowFaultAddsLatencyThenAnswersNormally() throws Exception {
        http.control("/__sim/faults", "{\"mode\":\"slow\",\"latency_ms\":600}");
        assertThat(json(http.get("/__sim/faults")).get("latency_ms").asLong()).isEqualTo(600);

        long started = System.nanoTime();
        HttpResponse<String> response =
                http.api("POST", "/transaction/initialize", "{\"email\":\"a@b.co\",\"amount\":1000}");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(600);

        JsonNode reset = json(http.control("/__sim/reset", "{}"));
        assertThat(reset.at("/faults/mode").asText()).isEqualTo("none");
        assertThat(reset.get("webhook_mode").asText()).isEqualTo("normal");
        assertThat(reset.get("refund_mode").asText()).isEqualTo("process");
        assertThat(reset.at("/stats/initialize").asLong()).isZero();
    }

    // ---- helpers ----

    private JsonNode initialize(String body) throws Exception {
        HttpResponse<String> response = http.api("POST", "/transaction/initialize", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private JsonNode verify(String reference) throws Exception {
        HttpResponse<String> response = http.api("GET", "/transaction/verify/" + reference, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asBoolean()).isTrue();
        assertThat(body.get("message").asText()).isEqualTo("Verification successful");
        return body;
    }

    private String paidTransaction(long amount) throws Exception {
        return paidTransaction("ord-" + System.nanoTime(), amount);
    }

    private String paidTransaction(String reference, long amount) throws Exception {
        JsonNode init = initialize(
                "{\"email\":\"buyer@example.com\",\"amount\":" + amount + ",\"reference\":\"" + reference + "\"}");
        HttpResponse<String> paid =
                http.control("/__sim/checkout/" + init.at("/data/access_code").asText() + "/pay", null);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        return reference;
    }

    private HttpResponse<String> charge(String phone, String reference) throws Exception {
        ObjectNode body = JSON.createObjectNode()
                .put("email", "mpesa@example.com")
                .put("amount", 150000)
                .put("currency", "KES");
        if (reference != null) {
            body.put("reference", reference);
        }
        body.putObject("mobile_money").put("phone", phone).put("provider", "mpesa");
        return http.api("POST", "/charge", body.toString());
    }

    private void setWebhookMode(String mode) throws Exception {
        HttpResponse<String> response = http.control("/__sim/webhooks", "{\"mode\":\"" + mode + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("mode").asText()).isEqualTo(mode);
    }

    private void assertInitializeError(String body, String message) throws Exception {
        assertPaystackError(http.api("POST", "/transaction/initialize", body), 400, message);
    }

    private static void assertPaystackError(HttpResponse<String> response, int status, String message)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("status").isBoolean()).isTrue();
        assertThat(body.get("status").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isEqualTo(message);
    }

    /** Computed here independently of the simulator's own signing code. */
    private static String hmacSha512(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        String hex = HexFormat.of().formatHex(mac.doFinal(body));
        assertThat(MessageDigest.isEqual(
                        hex.getBytes(StandardCharsets.US_ASCII),
                        hex.toLowerCase().getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        return hex;
    }

    private static List<Received> webhooksFor(String reference) {
        return WEBHOOKS.stream().filter(w -> reference.equals(w.reference())).toList();
    }

    private static List<Received> awaitWebhooks(String reference, int count) throws Exception {
        return awaitValue(() -> webhooksFor(reference), list -> list.size() >= count);
    }
}
