package ke.onpoint.simulator.paystack;

import static ke.onpoint.simulator.SimulatorAwait.awaitIdle;
import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.assertPaystackError;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.hmacSha512;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.json;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Paystack Transfers over real HTTP (§2.7): recipients, transfers, verify, fetch, list, balance, and the signed
 * {@code transfer.*} webhooks each scenario sends, checked by a real listener that verifies every signature. Each test
 * starts from a known KES balance.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = PaystackTransferSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.paystack.enabled=true",
            "onpoint.simulator.paystack.secret-key=" + PaystackTransferSimulatorTest.SECRET,
            "onpoint.simulator.paystack.webhook-delay=50ms",
            "onpoint.simulator.paystack.redelivery-delay=100ms",
            "onpoint.simulator.paystack.max-deliveries=1",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false",
            "logging.file.name=target/paystack-transfer-simulator-test.log"
        })
class PaystackTransferSimulatorTest {

    @SimulatorOnlyApplication
    @Import(PaystackSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    static final String SECRET = "sk_test_transfers_0123456789abcdef0123456789";
    /** KES 10,000.00. */
    private static final long BALANCE = 1_000_000;

    private static PaystackWebhookInbox webhooks;

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        webhooks = new PaystackWebhookInbox("/paystack/webhook");
        registry.add("onpoint.simulator.paystack.webhook-url", webhooks::url);
    }

    @AfterAll
    static void stopListener() {
        webhooks.close();
    }

    @Autowired
    private PaystackTransfers transfers;

    @LocalServerPort
    int port;

    private PaystackSimHttp http;

    @BeforeEach
    void reset() throws Exception {
        http = new PaystackSimHttp(port, SECRET);
        assertThat(http.control("/__sim/reset", "{}").statusCode()).isEqualTo(200);
        assertThat(http.control("/__sim/transfers/reset", "{}").statusCode()).isEqualTo(200);
        assertThat(http.control("/__sim/balance", "{\"currency\":\"KES\",\"balance\":" + BALANCE + "}")
                        .statusCode())
                .isEqualTo(200);
    }

    // ---- recipients ----

    @Test
    void mpesaRecipientIsCreatedWith201AndTheSameAccountGivesTheSameRecipient() throws Exception {
        String phone = phone();
        JsonNode created = ok(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money\",\"name\":\"Jane Wanjiru\",\"account_number\":\"" + phone
                                + "\",\"bank_code\":\"MPESA\",\"currency\":\"KES\"}"),
                201);
        assertThat(created.get("message").asText()).isEqualTo("Transfer recipient created successfully");
        JsonNode data = created.get("data");
        assertThat(data.get("recipient_code").asText()).matches("RCP_[a-z0-9]{15}");
        assertThat(data.get("type").asText()).isEqualTo("mobile_money");
        assertThat(data.get("currency").asText()).isEqualTo("KES");
        assertThat(data.get("active").asBoolean()).isTrue();
        assertThat(data.get("id").isIntegralNumber()).isTrue();
        assertThat(data.get("integration").isIntegralNumber()).isTrue();
        assertThat(data.get("domain").asText()).isEqualTo("test");
        assertThat(data.at("/details/account_number").asText()).isEqualTo(phone);
        assertThat(data.at("/details/bank_code").asText()).isEqualTo("MPESA");
        assertThat(data.at("/details/bank_name").asText()).isEqualTo("M-PESA");
        assertThat(data.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        JsonNode again = ok(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money\",\"name\":\"Jane W.\",\"account_number\":\"" + phone
                                + "\",\"bank_code\":\"MPESA\"}"),
                201);
        assertThat(again.at("/data/recipient_code").asText())
                .isEqualTo(data.get("recipient_code").asText());

        JsonNode till = ok(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money_business\",\"name\":\"Duka\",\"account_number\":\"247247\","
                                + "\"bank_code\":\"MPTILL\"}"),
                201);
        assertThat(till.at("/data/details/bank_name").asText()).isEqualTo("M-PESA Till");
        JsonNode paybill = ok(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money\",\"name\":\"Biller\",\"account_number\":\"888880\","
                                + "\"bank_code\":\"MPPAYBILL\"}"),
                201);
        assertThat(paybill.at("/data/details/bank_name").asText()).isEqualTo("M-PESA Paybill");
        JsonNode bank = ok(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"kepss\",\"name\":\"OnPoint Merchant Ltd\",\"account_number\":\"0123456789\","
                                + "\"bank_code\":\"68\"}"),
                201);
        assertThat(bank.at("/data/details/bank_name").asText()).isEqualTo("Equity Bank");
    }

    @Test
    void badRecipientsAreRefusedWithPaystacksMessages() throws Exception {
        assertPaystackError(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money\",\"name\":\"A\",\"account_number\":\"254711000001\","
                                + "\"bank_code\":\"SAFCOM\"}"),
                400,
                "Unknown bank code");
        assertPaystackError(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"kepss\",\"name\":\"A\",\"account_number\":\"0123456789\",\"bank_code\":\"MPESA\"}"),
                400,
                "Unknown bank code");
        assertPaystackError(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money\",\"account_number\":\"254711000001\",\"bank_code\":\"MPESA\"}"),
                400,
                "Name is required");
        assertPaystackError(
                http.api(
                        "POST",
                        "/transferrecipient",
                        "{\"type\":\"mobile_money\",\"name\":\"A\",\"account_number\":\"12345\",\"bank_code\":\"MPESA\"}"),
                400,
                "Account number is invalid");
        assertPaystackError(
                http.api("POST", "/transferrecipient", "{\"type\":\"wallet\",\"name\":\"A\"}"),
                400,
                "Invalid recipient type");
        assertPaystackError(http.api("POST", "/transferrecipient", "not json"), 400, "Invalid JSON body");
        assertPaystackError(
                http.send("POST", "/transferrecipient", "Bearer sk_test_wrong", "application/json", "{}"),
                401,
                "Invalid key");
    }

    // ---- transfers ----

    @Test
    void transferIsQueuedPendingDebitsAmountAndFeeThenSucceedsWithASignedWebhook() throws Exception {
        String recipient = mpesaRecipient();
        String reference = reference();
        JsonNode queued = ok(http.api("POST", "/transfer", transfer(150_000, recipient, reference)), 200);
        assertThat(queued.get("message").asText()).isEqualTo("Transfer has been queued");
        JsonNode data = queued.get("data");
        assertThat(data.get("status").asText()).isEqualTo("pending");
        assertThat(data.get("reference").asText()).isEqualTo(reference);
        assertThat(data.get("amount").asLong()).isEqualTo(150_000);
        assertThat(data.get("currency").asText()).isEqualTo("KES");
        assertThat(data.get("source").asText()).isEqualTo("balance");
        assertThat(data.get("transfer_code").asText()).matches("TRF_[a-z0-9]{15}");
        assertThat(data.get("recipient").isIntegralNumber()).isTrue();
        assertThat(data.get("transferred_at").isNull()).isTrue();
        // KES 1,500 costs KES 20 (2,000 subunits), taken with the amount when the transfer is queued.
        assertThat(balance()).isEqualTo(BALANCE - 150_000 - 2_000);

        PaystackWebhookInbox.Received webhook =
                awaitValue(() -> webhooks.about(reference), l -> !l.isEmpty()).get(0);
        assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        assertThat(webhook.event()).isEqualTo("transfer.success");
        JsonNode event = webhook.json().get("data");
        assertThat(event.get("status").asText()).isEqualTo("success");
        assertThat(event.get("integration").isObject()).isTrue();
        assertThat(event.at("/recipient/recipient_code").asText()).isEqualTo(recipient);
        assertThat(event.get("fee_charged").asLong()).isEqualTo(2_000);
        assertThat(event.get("transferred_at").asText()).endsWith("Z");

        JsonNode verified =
                ok(http.api("GET", "/transfer/verify/" + reference, null), 200).get("data");
        assertThat(verified.get("status").asText()).isEqualTo("success");
        assertThat(verified.get("integration").isIntegralNumber()).isTrue();
        assertThat(verified.at("/recipient/details/account_number").asText()).startsWith("2547");
        assertThat(verified.get("fee_charged").asLong()).isEqualTo(2_000);
        assertThat(verified.at("/session/id").asText()).isNotBlank();
        String id = verified.get("id").asText();
        String code = verified.get("transfer_code").asText();
        assertThat(ok(http.api("GET", "/transfer/" + id, null), 200)
                        .at("/data/reference")
                        .asText())
                .isEqualTo(reference);
        assertThat(ok(http.api("GET", "/transfer/" + code, null), 200)
                        .at("/data/reference")
                        .asText())
                .isEqualTo(reference);

        JsonNode listed = ok(http.api("GET", "/transfer?recipient=" + recipient + "&perPage=10&page=1", null), 200);
        assertThat(listed.get("message").asText()).isEqualTo("Transfers retrieved");
        assertThat(listed.at("/data/0/reference").asText()).isEqualTo(reference);
        JsonNode meta = listed.get("meta");
        assertThat(meta.get("total").asInt()).isEqualTo(1);
        assertThat(meta.get("perPage").asInt()).isEqualTo(10);
        assertThat(meta.get("page").asInt()).isEqualTo(1);
        assertThat(meta.get("pageCount").asInt()).isEqualTo(1);
        assertThat(meta.get("skipped").asInt()).isZero();
        assertThat(ok(http.api("GET", "/transfer?status=failed&recipient=" + recipient, null), 200)
                        .at("/meta/total")
                        .asInt())
                .isZero();

        assertPaystackError(http.api("GET", "/transfer/verify/no-such-ref", null), 404, "Transfer not found");
        assertPaystackError(http.api("GET", "/transfer/TRF_nosuchcode", null), 404, "Transfer not found");
    }

    @Test
    void aReusedReferenceIsRefusedCountedAndPaysOnce() throws Exception {
        String recipient = mpesaRecipient();
        String reference = reference();
        ok(http.api("POST", "/transfer", transfer(10_000, recipient, reference)), 200);
        assertPaystackError(
                http.api("POST", "/transfer", transfer(10_000, recipient, reference)),
                400,
                "Please provide a unique reference. Reference already exists on a transfer");
        awaitIdle(transfers::idle);

        JsonNode listed = json(http.get("/__sim/transfers?reference=" + reference));
        assertThat(listed.get("count").asInt()).isEqualTo(1);
        assertThat(listed.at("/transfers/0/requests").asInt()).isEqualTo(2);
        assertThat(webhooks.about(reference)).hasSize(1);
        assertThat(balance()).isEqualTo(BALANCE - 10_000 - 2_000);
    }

    @Test
    void insufficientBalanceAndInvalidRecipientAreRefusedAtOnceAndRecordNothing() throws Exception {
        String recipient = mpesaRecipient();
        http.control("/__sim/balance", "{\"currency\":\"KES\",\"balance\":11999}");
        String reference = reference();
        // 10,000 + 2,000 fee > 11,999
        assertPaystackError(
                http.api("POST", "/transfer", transfer(10_000, recipient, reference)),
                400,
                "Your balance is not enough to fulfill this request");
        assertPaystackError(http.api("GET", "/transfer/verify/" + reference, null), 404, "Transfer not found");
        assertThat(balance()).isEqualTo(11_999);

        http.control("/__sim/balance", "{\"currency\":\"KES\",\"balance\":" + BALANCE + "}");
        assertPaystackError(
                http.api("POST", "/transfer", transfer(10_000, "RCP_doesnotexist00", reference())),
                400,
                "Recipient specified is invalid");
        scenario("invalid_recipient", recipient);
        assertPaystackError(
                http.api("POST", "/transfer", transfer(10_000, recipient, reference())),
                400,
                "Recipient specified is invalid");
        http.control("/__sim/transfers/scenario", "{\"mode\":\"insufficient_balance\"}");
        String other = mpesaRecipient();
        assertPaystackError(
                http.api("POST", "/transfer", transfer(100, other, reference())),
                400,
                "Your balance is not enough to fulfill this request");
        // The same reference may be sent again once the balance allows: the refused request created nothing.
        http.control("/__sim/transfers/reset", "{}");
        assertThat(ok(http.api("POST", "/transfer", transfer(10_000, recipient, reference)), 200)
                        .at("/data/status")
                        .asText())
                .isEqualTo("pending");
        assertThat(json(http.get("/__sim/transfers/" + reference))
                        .get("requests")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void referenceAndCurrencyRules() throws Exception {
        String recipient = mpesaRecipient();
        assertPaystackError(
                http.api("POST", "/transfer", transfer(1_000, recipient, "Upper-Case-Ref")),
                400,
                "Your reference contains illegal special characters");
        assertPaystackError(
                http.api("POST", "/transfer", transfer(1_000, recipient, "has space")),
                400,
                "Your reference contains illegal special characters");
        // Without a currency Paystack assumes NGN (§2.7); a KES recipient cannot take it.
        assertPaystackError(
                http.api(
                        "POST",
                        "/transfer",
                        "{\"source\":\"balance\",\"amount\":1000,\"recipient\":\"" + recipient + "\",\"reference\":\""
                                + reference() + "\"}"),
                400,
                "Recipient currency does not match the transfer currency");
        assertPaystackError(
                http.api("POST", "/transfer", transfer(0, recipient, reference())), 400, "Invalid Amount Sent");
    }

    @Test
    void failedTransferReturnsTheMoneyAndSendsTransferFailed() throws Exception {
        String recipient = mpesaRecipient();
        scenario("failed", recipient);
        String reference = reference();
        ok(http.api("POST", "/transfer", transfer(50_000, recipient, reference)), 200);
        PaystackWebhookInbox.Received webhook =
                awaitValue(() -> webhooks.about(reference), l -> !l.isEmpty()).get(0);
        assertThat(webhook.event()).isEqualTo("transfer.failed");
        assertThat(webhook.json().at("/data/status").asText()).isEqualTo("failed");
        assertThat(webhook.signature()).isEqualTo(hmacSha512(webhook.raw(), SECRET));
        assertThat(verifiedStatus(reference)).isEqualTo("failed");
        awaitIdle(transfers::idle);
        assertThat(balance()).isEqualTo(BALANCE);
    }

    @Test
    void reversedTransferSucceedsFirstThenIsReversedAndRefunded() throws Exception {
        String recipient = mpesaRecipient();
        scenario("reversed", recipient);
        String reference = reference();
        ok(http.api("POST", "/transfer", transfer(50_000, recipient, reference)), 200);
        List<PaystackWebhookInbox.Received> both = awaitValue(() -> webhooks.about(reference), l -> l.size() >= 2);
        assertThat(both.get(0).event()).isEqualTo("transfer.success");
        assertThat(both.get(1).event()).isEqualTo("transfer.reversed");
        assertThat(both.get(1).json().at("/data/status").asText()).isEqualTo("reversed");
        // A reversal can follow a paid transfer: it keeps its transferred_at (§2.7).
        assertThat(both.get(1).json().at("/data/transferred_at").asText()).endsWith("Z");
        assertThat(verifiedStatus(reference)).isEqualTo("reversed");
        awaitIdle(transfers::idle);
        assertThat(balance()).isEqualTo(BALANCE);
    }

    @Test
    void noWebhookAndDuplicateWebhookScenarios() throws Exception {
        String quiet = mpesaRecipient();
        String loud = mpesaRecipient();
        scenario("no_webhook", quiet);
        scenario("duplicate_webhook", loud);
        String silent = reference();
        String twice = reference();
        ok(http.api("POST", "/transfer", transfer(1_000, quiet, silent)), 200);
        ok(http.api("POST", "/transfer", transfer(1_000, loud, twice)), 200);
        List<PaystackWebhookInbox.Received> duplicates = awaitValue(() -> webhooks.about(twice), l -> l.size() >= 2);
        awaitIdle(transfers::idle);
        assertThat(webhooks.about(twice)).hasSize(2);
        assertThat(duplicates.get(0).raw()).isEqualTo(duplicates.get(1).raw());
        assertThat(webhooks.about(silent)).isEmpty();
        assertThat(verifiedStatus(silent)).isEqualTo("success");
        JsonNode scenario = json(http.get("/__sim/transfers/scenario"));
        assertThat(scenario.get("mode").asText()).isEqualTo("success");
        assertThat(scenario.get("rules")).hasSize(2);
        assertThat(http.control("/__sim/transfers/scenario", "{\"mode\":\"maybe\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void balanceListsEveryCurrencyInSubunits() throws Exception {
        JsonNode body = ok(http.api("GET", "/balance", null), 200);
        assertThat(body.get("message").asText()).isEqualTo("Balances retrieved");
        assertThat(body.get("data").isArray()).isTrue();
        assertThat(body.at("/data/0/currency").asText()).isEqualTo("KES");
        assertThat(body.at("/data/0/balance").isIntegralNumber()).isTrue();
        assertThat(body.at("/data/0/balance").asLong()).isEqualTo(BALANCE);
        assertPaystackError(http.send("GET", "/balance", null, null, null), 401, "Invalid key");
    }

    // ---- helpers ----

    private String mpesaRecipient() throws Exception {
        return ok(
                        http.api(
                                "POST",
                                "/transferrecipient",
                                "{\"type\":\"mobile_money\",\"name\":\"Test Merchant\",\"account_number\":\"" + phone()
                                        + "\",\"bank_code\":\"MPESA\",\"currency\":\"KES\"}"),
                        201)
                .at("/data/recipient_code")
                .asText();
    }

    private static String phone() {
        return "2547" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
    }

    private static String reference() {
        return "po_" + UUID.randomUUID();
    }

    private static String transfer(long amount, String recipient, String reference) {
        return "{\"source\":\"balance\",\"amount\":" + amount + ",\"currency\":\"KES\",\"recipient\":\"" + recipient
                + "\",\"reference\":\"" + reference + "\",\"reason\":\"Settlement payout\"}";
    }

    /** Transfers to this recipient end as {@code mode} says. */
    private void scenario(String mode, String recipient) throws Exception {
        http.control("/__sim/transfers/scenario", "{\"mode\":\"" + mode + "\",\"recipient\":\"" + recipient + "\"}");
    }

    /** The transfer's status as {@code GET /transfer/verify} reads it. */
    private String verifiedStatus(String reference) throws Exception {
        return ok(http.api("GET", "/transfer/verify/" + reference, null), 200)
                .at("/data/status")
                .asText();
    }

    private long balance() throws Exception {
        return json(http.get("/__sim/balance")).get("KES").asLong();
    }
}
