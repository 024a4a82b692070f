package ke.onpoint.simulator.daraja;

import static ke.onpoint.simulator.SimulatorAwait.awaitIdle;
import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.INITIATOR;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.JSON;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.PASSWORD;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.assertDarajaError;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.credential;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.json;
import static ke.onpoint.simulator.daraja.DarajaSimHttp.parameters;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * B2C and B2B payouts of the Daraja simulator over real HTTP (§1.14, §1.15), with Transaction Status by
 * OriginalConversationID (§1.7), against real ResultURL and QueueTimeOutURL listeners. Each test pays from a
 * shortcode of its own whose float it sets first, so balances are exact.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = DarajaPayoutSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.daraja.enabled=true",
            "onpoint.simulator.daraja.consumer-key=test-key",
            "onpoint.simulator.daraja.consumer-secret=test-secret",
            "onpoint.simulator.daraja.accounts.result-delay=50ms",
            "onpoint.simulator.daraja.accounts.duplicate-result-gap=50ms",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false",
            "logging.file.name=target/daraja-payout-simulator-test.log"
        })
class DarajaPayoutSimulatorTest {

    @SimulatorOnlyApplication
    @Import(DarajaSimulatorConfiguration.class)
    static class SimulatorOnlyApp {}

    private static final AtomicInteger SHORTCODES = new AtomicInteger(700100);
    private static final String CUSTOMER = "254708374149";

    private static ResultInbox results;
    private static ResultInbox timeouts;

    @Autowired
    private AccountScheduler scheduler;

    @Autowired
    private DarajaCallbackSender callbackSender;

    @LocalServerPort
    int port;

    private DarajaSimHttp http;
    private String bearer;
    private String shortCode;

    @BeforeAll
    static void startListeners() {
        results = ResultInbox.start("/payouts/result");
        timeouts = ResultInbox.start("/payouts/timeout");
    }

    @AfterAll
    static void stopListeners() {
        results.close();
        timeouts.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        http = new DarajaSimHttp(port);
        HttpResponse<String> reset = http.post("/__sim/payouts/reset", null, "{}");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        bearer = http.bearer();
        shortCode = Integer.toString(SHORTCODES.incrementAndGet());
        setFloat(shortCode, "{\"utility\":10000,\"working\":20000,\"charges_paid\":-100}");
    }

    // ---- B2C ----

    @Test
    void b2cV3EchoesTheIdThenPostsTheDocumentedSuccessResultAndDebitsTheUtilityFloat() throws Exception {
        String ocid = ocid();
        HttpResponse<String> response = http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 1500, CUSTOMER));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode ack = json(response);
        assertThat(ack.get("OriginatorConversationID").asText()).isEqualTo(ocid);
        assertThat(ack.get("ConversationID").asText()).matches("AG_\\d{8}_[0-9a-f]{20}");
        assertThat(ack.get("ResponseCode").asText()).isEqualTo("0");
        assertThat(ack.get("ResponseDescription").asText()).isEqualTo("Accept the service request successfully.");

        JsonNode result = awaitResults(ocid, 1).get(0);
        assertThat(result.get("ResultType").isInt()).isTrue();
        assertThat(result.get("ResultType").asInt()).isZero();
        assertThat(result.get("ResultCode").isInt()).isTrue();
        assertThat(result.get("ResultCode").asInt()).isZero();
        assertThat(result.get("ResultDesc").asText()).isEqualTo("The service request is processed successfully.");
        assertThat(result.get("ConversationID").asText())
                .isEqualTo(ack.get("ConversationID").asText());
        String receipt = result.get("TransactionID").asText();
        assertThat(receipt).matches("[A-Z][A-Z0-9]{9}");
        Map<String, JsonNode> parameters = parameters(result);
        assertThat(parameters)
                .containsOnlyKeys(
                        "TransactionAmount",
                        "TransactionReceipt",
                        "ReceiverPartyPublicName",
                        "TransactionCompletedDateTime",
                        "B2CUtilityAccountAvailableFunds",
                        "B2CWorkingAccountAvailableFunds",
                        "B2CRecipientIsRegisteredCustomer",
                        "B2CChargesPaidAccountAvailableFunds");
        assertThat(value(parameters, "TransactionAmount").isNumber()).isTrue();
        assertThat(value(parameters, "TransactionAmount").asLong()).isEqualTo(1500);
        assertThat(value(parameters, "TransactionReceipt").asText()).isEqualTo(receipt);
        assertThat(value(parameters, "ReceiverPartyPublicName").asText()).isEqualTo(CUSTOMER + " - JOHN DOE");
        assertThat(value(parameters, "TransactionCompletedDateTime").asText())
                .matches("\\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}:\\d{2}");
        assertThat(value(parameters, "B2CUtilityAccountAvailableFunds").decimalValue())
                .isEqualByComparingTo("8500");
        assertThat(value(parameters, "B2CWorkingAccountAvailableFunds").decimalValue())
                .isEqualByComparingTo("20000");
        assertThat(value(parameters, "B2CRecipientIsRegisteredCustomer").asText())
                .isEqualTo("Y");
        // 1,500 is in the 101-1,500 band of the B2C tariff: KES 5, owed as a negative balance.
        assertThat(value(parameters, "B2CChargesPaidAccountAvailableFunds").decimalValue())
                .isEqualByComparingTo("-105");
        JsonNode referenceItem = result.at("/ReferenceData/ReferenceItem");
        assertThat(referenceItem.isObject()).isTrue();
        assertThat(referenceItem.get("Key").asText()).isEqualTo("QueueTimeoutURL");

        JsonNode payout = http.getJson("/__sim/payouts/" + ocid);
        assertThat(payout.get("status").asText()).isEqualTo("completed");
        assertThat(payout.get("transaction_id").asText()).isEqualTo(receipt);
        assertThat(payout.get("requests").asInt()).isEqualTo(1);
        assertThat(payout.get("results_sent").asInt()).isEqualTo(1);
        assertThat(payout.get("charge").asLong()).isEqualTo(5);
        JsonNode float_ = http.getJson("/__sim/b2c/float/" + shortCode);
        assertThat(float_.get("utility").decimalValue()).isEqualByComparingTo("8500");
        assertThat(float_.get("charges_paid").decimalValue()).isEqualByComparingTo("-105");
    }

    @Test
    void aReusedOriginatorConversationIdIsRefusedSynchronouslyCountedAndPaysNothing() throws Exception {
        String ocid = ocid();
        assertThat(http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 100, CUSTOMER))
                        .statusCode())
                .isEqualTo(200);
        assertDarajaError(
                http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 100, CUSTOMER)),
                500,
                "500.002.1001",
                "Duplicate OriginatorConversationID.");
        // Whatever else differs: the id alone decides, as it does at Safaricom.
        assertDarajaError(
                http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 200, "254708374150")),
                500,
                "500.002.1001",
                "Duplicate OriginatorConversationID.");
        awaitPayoutsIdle();

        assertThat(results.results(ocid)).hasSize(1);
        JsonNode listed = http.getJson("/__sim/payouts?originator_conversation_id=" + ocid);
        assertThat(listed.get("count").asInt()).isEqualTo(1);
        assertThat(listed.at("/payouts/0/requests").asInt()).isEqualTo(3);
        assertThat(listed.at("/payouts/0/amount").asLong()).isEqualTo(100);
        assertThat(http.getJson("/__sim/b2c/float/" + shortCode).get("utility").decimalValue())
                .isEqualByComparingTo("9900");
    }

    @Test
    void b2cV1HasNoOriginatorConversationIdSoDarajaMakesOneUp() throws Exception {
        ObjectNode body = b2c(null, 50, CUSTOMER);
        body.remove("OriginatorConversationID");
        body.remove("Occassion");
        body.put("Occasion", "old spelling");
        HttpResponse<String> response = http.post("/mpesa/b2c/v1/paymentrequest", bearer, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String ocid = json(response).get("OriginatorConversationID").asText();
        assertThat(ocid).matches("\\d{4}-\\d+-1");
        assertThat(awaitResults(ocid, 1).get(0).get("ResultCode").asInt()).isZero();
        assertThat(http.getJson("/__sim/payouts/" + ocid).get("version").asText())
                .isEqualTo("v1");
    }

    @Test
    void badFieldsAreRefusedSynchronouslyInDarajasShapeAndNothingIsRecorded() throws Exception {
        String path = "/mpesa/b2c/v3/paymentrequest";
        ObjectNode noId = b2c(null, 100, CUSTOMER);
        noId.remove("OriginatorConversationID");
        assertDarajaError(
                http.post(path, bearer, noId), 400, "400.002.02", "Bad Request - Invalid OriginatorConversationID");
        assertDarajaError(
                http.post(path, bearer, b2c("has spaces in it", 100, CUSTOMER)),
                400,
                "400.002.02",
                "Bad Request - Invalid OriginatorConversationID");
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, CUSTOMER).put("CommandID", "CustomerPayBillOnline")),
                400,
                "400.002.02",
                "Bad Request - Invalid CommandID");
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, "0708374149")),
                400,
                "400.002.02",
                "Bad Request - Invalid PartyB");
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, CUSTOMER).put("Amount", "10.50")),
                400,
                "400.002.02",
                "Bad Request - Invalid Amount");
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, CUSTOMER).put("Remarks", "x")),
                400,
                "400.002.02",
                "Bad Request - Invalid Remarks");
        ObjectNode noName = b2c(ocid(), 100, CUSTOMER);
        noName.remove("InitiatorName");
        noName.put("Initiator", INITIATOR); // B2B's and Transaction Status's name for it, not B2C's
        assertDarajaError(http.post(path, bearer, noName), 400, "400.002.02", "Bad Request - Invalid InitiatorName");
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, CUSTOMER).put("ResultURL", "not a url")),
                400,
                "400.002.02",
                "Bad Request - Invalid ResultURL");
        assertDarajaError(
                http.post(path, "Bearer wrong", b2c(ocid(), 100, CUSTOMER)), 404, "404.001.03", "Invalid Access Token");
        assertDarajaError(http.post(path, bearer, "not json"), 400, "400.002.05", "Invalid request payload");
        assertDarajaError(http.get(path), 405, "405.001", "Method Not Allowed");
        // Test numbers that are refused synchronously: 94 spike arrest, 95 invalid PartyB.
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, "254700000194")), 500, "500.003.02", "Spike Arrest Violation");
        assertDarajaError(
                http.post(path, bearer, b2c(ocid(), 100, "254700000195")),
                400,
                "400.002.02",
                "Bad Request - Invalid PartyB");
        assertThat(http.getJson("/__sim/payouts?party_b=254700000194")
                        .get("count")
                        .asInt())
                .isZero();
        assertThat(http.getJson("/__sim/b2c/float/" + shortCode).get("utility").decimalValue())
                .isEqualByComparingTo("10000");
    }

    @Test
    void amountsOutsideB2cLimitsAreDeclinedInTheResultWithoutParameters() throws Exception {
        JsonNode below = resultOf(b2c(ocid(), 9, CUSTOMER));
        assertThat(below.get("ResultCode").asInt()).isEqualTo(2);
        assertThat(below.get("ResultDesc").asText())
                .isEqualTo("Declined due to limit rule: less than the minimum transaction amount.");
        assertThat(below.has("ResultParameters")).isFalse();
        assertThat(below.get("TransactionID").asText()).matches("[A-Z][A-Z0-9]{9}");
        setFloat(shortCode, "{\"utility\":300000}");
        JsonNode above = resultOf(b2c(ocid(), 250_001, CUSTOMER));
        assertThat(above.get("ResultCode").asInt()).isEqualTo(3);
        assertThat(resultOf(b2c(ocid(), 250_000, CUSTOMER)).get("ResultCode").asInt())
                .isZero();
        assertThat(resultOf(b2c(ocid(), 10, CUSTOMER)).get("ResultCode").asInt())
                .isZero();
    }

    @Test
    void aUtilityFloatSmallerThanTheAmountIsResultCodeOneAndMovesNothing() throws Exception {
        setFloat(shortCode, "{\"utility\":499,\"working\":1000000}");
        String ocid = ocid();
        JsonNode result = resultOf(b2c(ocid, 500, CUSTOMER));
        assertThat(result.get("ResultCode").isInt()).isTrue();
        assertThat(result.get("ResultCode").asInt()).isEqualTo(1);
        assertThat(result.get("ResultDesc").asText()).isEqualTo("The balance is insufficient for the transaction.");
        assertThat(result.has("ResultParameters")).isFalse();
        assertThat(http.getJson("/__sim/b2c/float/" + shortCode).get("utility").decimalValue())
                .isEqualByComparingTo("499");
        assertThat(http.getJson("/__sim/payouts/" + ocid).get("status").asText())
                .isEqualTo("failed");
        // Payouts reduce the float: 499 pays 400 and then not another 100.
        assertThat(resultOf(b2c(ocid(), 400, CUSTOMER)).get("ResultCode").asInt())
                .isZero();
        assertThat(resultOf(b2c(ocid(), 100, CUSTOMER)).get("ResultCode").asInt())
                .isEqualTo(1);
        // The test number ...01 is short of float whatever the float.
        assertThat(resultOf(b2c(ocid(), 10, "254700000101")).get("ResultCode").asInt())
                .isEqualTo(1);
    }

    @Test
    void invalidRecipientsByTestNumberAndByControlRuleAndAWrongCredential() throws Exception {
        JsonNode operator = resultOf(b2c(ocid(), 100, "254700000103"));
        assertThat(operator.get("ResultCode").isTextual()).isTrue();
        assertThat(operator.get("ResultCode").asText()).isEqualTo("SFC_IC0003");
        assertThat(operator.get("ResultDesc").asText()).isEqualTo("The operator does not exist.");
        assertThat(operator.has("ResultParameters")).isFalse();
        JsonNode unregistered = resultOf(b2c(ocid(), 100, "254700000140"));
        assertThat(unregistered.get("ResultCode").asInt()).isEqualTo(2040);

        String recipient = "254711000222";
        assertThat(http.post(
                                "/__sim/payouts/scenario",
                                null,
                                "{\"mode\":\"invalid_recipient\",\"party_b\":\"" + recipient + "\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(resultOf(b2c(ocid(), 100, recipient)).get("ResultCode").asText())
                .isEqualTo("SFC_IC0003");
        assertThat(resultOf(b2c(ocid(), 100, CUSTOMER)).get("ResultCode").asInt())
                .isZero();

        ObjectNode wrongPassword = b2c(ocid(), 100, CUSTOMER).put("SecurityCredential", credential("wrong"));
        JsonNode initiator = resultOf(wrongPassword);
        assertThat(initiator.get("ResultCode").asInt()).isEqualTo(2001);
        assertThat(initiator.get("ResultDesc").asText()).isEqualTo("The initiator information is invalid.");
        // Only the one success moved money: 10000 - 100 (no charge below KES 101).
        assertThat(http.getJson("/__sim/b2c/float/" + shortCode).get("utility").decimalValue())
                .isEqualByComparingTo("9900");
    }

    @Test
    void scenarioControlSetsEveryPayoutUntilResetAndRefusesNonsense() throws Exception {
        HttpResponse<String> bad = http.post("/__sim/payouts/scenario", null, "{\"mode\":\"sometimes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).contains("insufficient_float");
        assertThat(http.post("/__sim/payouts/scenario", null, "{\"mode\":\"insufficient_float\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.getJson("/__sim/payouts/scenario").get("mode").asText()).isEqualTo("insufficient_float");
        assertThat(resultOf(b2c(ocid(), 100, CUSTOMER)).get("ResultCode").asInt())
                .isEqualTo(1);
        assertThat(resultOf(b2b(ocid(), "BusinessPayBill", 100, "600123", "ACC-1"))
                        .get("ResultCode")
                        .asInt())
                .isEqualTo(1);

        JsonNode reset = json(http.post("/__sim/payouts/reset", null, "{}"));
        assertThat(reset.at("/scenario/mode").asText()).isEqualTo("by_recipient");
        assertThat(resultOf(b2c(ocid(), 100, CUSTOMER)).get("ResultCode").asInt())
                .isZero();
    }

    @Test
    void noResultScenarioPaysAndTransactionStatusByOriginalConversationIdSaysCompletedWithTheReceipt()
            throws Exception {
        String recipient = "254700000190"; // test number: paid, Result never sent
        String ocid = ocid();
        assertThat(http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 2000, recipient))
                        .statusCode())
                .isEqualTo(200);
        awaitPayoutsIdle();
        assertThat(results.results(ocid)).isEmpty();
        assertThat(timeouts.results(ocid)).isEmpty();
        JsonNode payout = http.getJson("/__sim/payouts/" + ocid);
        assertThat(payout.get("results_sent").asInt()).isZero();
        String receipt = payout.get("transaction_id").asText();

        JsonNode status = statusByConversation(ocid);
        assertThat(status.get("ResultCode").asInt()).isZero();
        Map<String, JsonNode> parameters = parameters(status);
        assertThat(value(parameters, "ReceiptNo").asText()).isEqualTo(receipt);
        assertThat(value(parameters, "TransactionStatus").asText()).isEqualTo("Completed");
        assertThat(value(parameters, "Amount").asLong()).isEqualTo(2000);
        assertThat(value(parameters, "OriginatorConversationID").asText()).isEqualTo(ocid);
        assertThat(value(parameters, "ReasonType").asText()).isEqualTo("Business Payment to Customer");
        assertThat(value(parameters, "DebitPartyName").asText()).startsWith(shortCode + " - ");
        assertThat(value(parameters, "CreditPartyName").asText()).isEqualTo(recipient + " - John Doe");
        assertThat(value(parameters, "DebitPartyCharges").asText()).isEqualTo("Fee For B2C Payment|KES|9.00");
        assertThat(value(parameters, "FinalisedTime").asText()).matches("\\d{14}");
    }

    @Test
    void transactionStatusOfAnIdTheSimulatorNeverReceivedIsR000002AndOfAFailedPayoutFailed() throws Exception {
        JsonNode unknown = statusByConversation(ocid());
        assertThat(unknown.get("ResultCode").asText()).isEqualTo("R000002");
        assertThat(unknown.get("ResultDesc").asText()).isEqualTo("The OriginalConversationID is invalid.");
        assertThat(unknown.has("ResultParameters")).isFalse();

        String ocid = ocid();
        assertThat(resultOf(b2c(ocid, 100, "254700000103")).get("ResultCode").asText())
                .isEqualTo("SFC_IC0003");
        JsonNode failed = statusByConversation(ocid);
        assertThat(failed.get("ResultCode").asInt()).isZero();
        assertThat(value(parameters(failed), "TransactionStatus").asText()).isEqualTo("Failed");
    }

    @Test
    void duplicateResultScenarioPostsTheIdenticalResultTwice() throws Exception {
        String ocid = ocid();
        assertThat(http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 300, "254700000191"))
                        .statusCode())
                .isEqualTo(200);
        List<JsonNode> bodies = awaitValue(() -> results.bodies(ocid), l -> l.size() >= 2);
        awaitPayoutsIdle();
        assertThat(results.bodies(ocid)).hasSize(2);
        assertThat(bodies.get(0)).isEqualTo(bodies.get(1));
        assertThat(http.getJson("/__sim/payouts/" + ocid).get("results_sent").asInt())
                .isEqualTo(2);
        // Paid once, however many Results.
        assertThat(http.getJson("/__sim/b2c/float/" + shortCode).get("utility").decimalValue())
                .isEqualByComparingTo("9700");
    }

    @Test
    void timeoutScenarioNotifiesQueueTimeOutUrlInsteadOfTheResult() throws Exception {
        String ocid = ocid();
        assertThat(http.post("/mpesa/b2c/v3/paymentrequest", bearer, b2c(ocid, 300, "254700000193"))
                        .statusCode())
                .isEqualTo(200);
        JsonNode timeout =
                awaitValue(() -> timeouts.results(ocid), l -> !l.isEmpty()).get(0);
        assertThat(timeout.get("ResultType").asInt()).isEqualTo(1);
        assertThat(timeout.get("ResultCode").asText()).isEqualTo("SVC0403");
        awaitPayoutsIdle();
        assertThat(results.results(ocid)).isEmpty();
    }

    // ---- B2B ----

    @Test
    void b2bPayBillSuccessHasStringCodesArrayReferenceItemsAndMovesWorkingToTheRecipient() throws Exception {
        String recipient = Integer.toString(SHORTCODES.incrementAndGet());
        setFloat(recipient, "{\"utility\":0,\"working\":0,\"charges_paid\":0}");
        String ocid = ocid();
        HttpResponse<String> response = http.post(
                "/mpesa/b2b/v1/paymentrequest", bearer, b2b(ocid, "BusinessPayBill", 190, recipient, "353353"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("OriginatorConversationID").asText()).isEqualTo(ocid);

        JsonNode result = awaitResults(ocid, 1).get(0);
        assertThat(result.get("ResultType").isTextual()).isTrue();
        assertThat(result.get("ResultType").asText()).isEqualTo("0");
        assertThat(result.get("ResultCode").isTextual()).isTrue();
        assertThat(result.get("ResultCode").asText()).isEqualTo("0");
        assertThat(result.get("ResultDesc").asText()).isEqualTo("The service request is processed successfully");
        Map<String, JsonNode> parameters = parameters(result);
        assertThat(value(parameters, "Amount").asText()).isEqualTo("190.00");
        assertThat(value(parameters, "DebitAccountBalance").asText())
                .isEqualTo("{Amount={CurrencyCode=KES, MinimumAmount=1981000, BasicAmount=19810.00}}");
        assertThat(value(parameters, "InitiatorAccountCurrentBalance").asText())
                .isEqualTo(value(parameters, "DebitAccountBalance").asText());
        assertThat(value(parameters, "DebitPartyAffectedAccountBalance").asText())
                .isEqualTo("Working Account|KES|19810.00|19810.00|0.00|0.00");
        assertThat(value(parameters, "TransCompletedTime").asText()).matches("\\d{14}");
        assertThat(value(parameters, "DebitPartyCharges").asText()).isEmpty();
        assertThat(value(parameters, "ReceiverPartyPublicName").asText()).startsWith(recipient + " - ");
        assertThat(value(parameters, "Currency").asText()).isEqualTo("KES");
        JsonNode items = result.at("/ReferenceData/ReferenceItem");
        assertThat(items.isArray()).isTrue();
        assertThat(items.get(0).get("Key").asText()).isEqualTo("BillReferenceNumber");
        assertThat(items.get(0).get("Value").asText()).isEqualTo("353353");
        assertThat(items.get(1).get("Key").asText()).isEqualTo("QueueTimeoutURL");

        assertThat(http.getJson("/__sim/b2c/float/" + shortCode).get("working").decimalValue())
                .isEqualByComparingTo("19810");
        assertThat(http.getJson("/__sim/b2c/float/" + recipient).get("utility").decimalValue())
                .isEqualByComparingTo("190");
        JsonNode status = statusByConversation(ocid);
        assertThat(value(parameters(status), "ReasonType").asText()).isEqualTo("Business Pay Bill");
        assertThat(value(parameters(status), "ReceiptNo").asText())
                .isEqualTo(result.get("TransactionID").asText());
    }

    @Test
    void b2bFailureHasNumericCodeAndASingleObjectResultParameter() throws Exception {
        setFloat(shortCode, "{\"working\":50}");
        String ocid = ocid();
        JsonNode result = resultOf(b2b(ocid, "BusinessBuyGoods", 100, "600555", null));
        assertThat(result.get("ResultType").isInt()).isTrue();
        assertThat(result.get("ResultCode").isInt()).isTrue();
        assertThat(result.get("ResultCode").asInt()).isEqualTo(1);
        assertThat(result.get("TransactionID").asText()).matches("[A-Z][A-Z0-9]{2}0000000");
        JsonNode parameter = result.at("/ResultParameters/ResultParameter");
        assertThat(parameter.isObject()).isTrue();
        assertThat(parameter.get("Key").asText()).isEqualTo("BOCompletedTime");
        assertThat(parameter.get("Value").isNumber()).isTrue();
        assertThat(parameter.get("Value").asText()).matches("\\d{14}");
        assertThat(result.at("/ReferenceData/ReferenceItem").isObject()).isTrue();
        // Without an OriginatorConversationID B2B still works, with one Daraja made up.
        ObjectNode anonymous = b2b(null, "BusinessBuyGoods", 10, "600100", null);
        HttpResponse<String> response = http.post("/mpesa/b2b/v1/paymentrequest", bearer, anonymous);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("OriginatorConversationID").asText()).matches("\\d{4}-\\d+-1");
    }

    @Test
    void b2bFieldRulesKeepSafaricomsSpellingAndRequireThePaybillAccount() throws Exception {
        String path = "/mpesa/b2b/v1/paymentrequest";
        assertDarajaError(
                http.post(path, bearer, b2b(ocid(), "BusinessPayBill", 100, "600123", null)),
                400,
                "400.002.02",
                "Bad Request - Invalid AccountReference");
        assertDarajaError(
                http.post(path, bearer, b2b(ocid(), "BusinessPayBill", 100, "600123", "12345678901234")),
                400,
                "400.002.02",
                "Bad Request - Invalid AccountReference");
        ObjectNode spelt = b2b(ocid(), "BusinessPayBill", 100, "600123", "ACC");
        spelt.remove("RecieverIdentifierType");
        spelt.put("ReceiverIdentifierType", "4");
        assertDarajaError(
                http.post(path, bearer, spelt), 400, "400.002.02", "Bad Request - Invalid RecieverIdentifierType");
        assertDarajaError(
                http.post(path, bearer, b2b(ocid(), "BusinessPayment", 100, "600123", "ACC")),
                400,
                "400.002.02",
                "Bad Request - Invalid CommandID");
        String ocid = ocid();
        assertThat(http.post(path, bearer, b2b(ocid, "BusinessPayBill", 100, "600123", "ACC"))
                        .statusCode())
                .isEqualTo(200);
        assertDarajaError(
                http.post(path, bearer, b2b(ocid, "BusinessPayBill", 100, "600123", "ACC")),
                500,
                "500.002.1001",
                "Duplicate OriginatorConversationID.");
    }

    // ---- helpers ----

    private static String ocid() {
        return "op_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private ObjectNode b2c(String ocid, long amount, String partyB) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (ocid != null) {
            body.put("OriginatorConversationID", ocid);
        }
        return body.put("InitiatorName", INITIATOR)
                .put("SecurityCredential", credential(PASSWORD))
                .put("CommandID", "BusinessPayment")
                .put("Amount", Long.toString(amount))
                .put("PartyA", shortCode)
                .put("PartyB", partyB)
                .put("Remarks", "Settlement payout")
                .put("QueueTimeOutURL", timeouts.url())
                .put("ResultURL", results.url())
                .put("Occassion", "2024-07-06");
    }

    private ObjectNode b2b(String ocid, String command, long amount, String partyB, String account) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (ocid != null) {
            body.put("OriginatorConversationID", ocid);
        }
        body.put("Initiator", INITIATOR)
                .put("SecurityCredential", credential(PASSWORD))
                .put("CommandID", command)
                .put("SenderIdentifierType", "4")
                .put("RecieverIdentifierType", "4")
                .put("Amount", Long.toString(amount))
                .put("PartyA", shortCode)
                .put("PartyB", partyB)
                .put("Requester", "254700000000")
                .put("Remarks", "OK")
                .put("QueueTimeOutURL", timeouts.url())
                .put("ResultURL", results.url());
        if (account != null) {
            body.put("AccountReference", account);
        }
        return body;
    }

    /** Sends a payout (B2C when it names an InitiatorName) and returns its one Result. */
    private JsonNode resultOf(ObjectNode body) throws Exception {
        String path = body.has("InitiatorName") ? "/mpesa/b2c/v3/paymentrequest" : "/mpesa/b2b/v1/paymentrequest";
        HttpResponse<String> response = http.post(path, bearer, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return awaitResults(json(response).get("OriginatorConversationID").asText(), 1)
                .get(0);
    }

    private JsonNode statusByConversation(String originalConversationId) throws Exception {
        ObjectNode query = JSON.createObjectNode()
                .put("Initiator", INITIATOR)
                .put("SecurityCredential", credential(PASSWORD))
                .put("CommandID", "TransactionStatusQuery")
                .put("OriginalConversationID", originalConversationId)
                .put("PartyA", shortCode)
                .put("IdentifierType", "4")
                .put("ResultURL", results.url())
                .put("QueueTimeOutURL", timeouts.url())
                .put("Remarks", "OK");
        HttpResponse<String> response = http.post("/mpesa/transactionstatus/v1/query", bearer, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return awaitResults(json(response).get("OriginatorConversationID").asText(), 1)
                .get(0);
    }

    private static List<JsonNode> awaitResults(String ocid, int count) {
        return awaitValue(() -> results.results(ocid), l -> l.size() >= count);
    }

    private static JsonNode value(Map<String, JsonNode> parameters, String key) {
        assertThat(parameters).containsKey(key);
        return parameters.get(key).get("Value");
    }

    private void setFloat(String code, String body) throws Exception {
        HttpResponse<String> response = http.put("/__sim/b2c/float/" + code, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void awaitPayoutsIdle() {
        awaitIdle(() -> scheduler.idle() && callbackSender.idle());
    }
}
