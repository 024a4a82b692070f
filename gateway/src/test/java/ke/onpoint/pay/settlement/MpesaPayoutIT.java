package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.mpesa.DarajaProfiles;
import ke.onpoint.pay.mpesa.SecurityCredential;
import ke.onpoint.pay.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Payouts by Daraja B2C and B2B over real HTTP with the Daraja simulator: paid end to end, failed for lack of float,
 * a duplicated Result applied once, a lost Result found by Transaction Status, a crash between send and record
 * resolved without a second payout, a Result for another amount held for review.
 */
class MpesaPayoutIT extends PayoutTest {

    @Autowired
    SecurityCredential credential;

    @Autowired
    DarajaProfiles profiles;

    @Autowired
    SettlementRun run;

    private WebhookReceiver receiver;
    private Session owner;

    @BeforeEach
    void merchant() {
        receiver = WebhookReceiver.start();
        owner = register();
        webhookTo(owner, receiver.url());
    }

    @AfterEach
    void stop() {
        receiver.close();
        post("/sim/daraja/__sim/payouts/reset", null, "{}", Map.of());
    }

    private JsonNode webhook(String type, String reference) {
        return eventually()
                .until(
                        () -> receiver.delivered().stream()
                                .map(r -> read(r.body()))
                                .filter(e -> type.equals(e.path("type").asText())
                                        && reference.equals(
                                                e.path("data").path("reference").asText()))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void b2cPayoutIsPaidEndToEnd() {
        String display = setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"0712345678\"}");
        assertThat(display).isEqualTo("M-Pesa 2547•••••678");
        Queued payout = queue(owner.merchantId(), 200_000, 150_000, "queued");
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isEqualTo(150_000);

        awaitPayout(payout.reference(), "paid");

        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isEqualTo(50_000);
        LedgerAccount clearing = LedgerAccount.clearing("mpesa", MODE, "KES");
        assertThat(entry("payout.paid", payout.reference(), clearing)).isEqualTo(-150_000);
        assertThat(entry("payout.paid", payout.reference(), account(owner.merchantId(), AccountKind.IN_PAYOUT)))
                .isEqualTo(150_000);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("paid");
        assertThat(jdbc.queryForObject(
                        "SELECT provider_receipt FROM payouts WHERE reference = ?", String.class, payout.reference()))
                .isNotBlank();

        JsonNode sent = simulatedPayout(payout.reference()).path("payouts").get(0);
        assertThat(sent.path("kind").asText()).isEqualTo("b2c");
        assertThat(sent.path("party_b").asText()).isEqualTo("254712345678");
        assertThat(sent.path("amount").asText()).isEqualTo("1500");
        assertThat(sent.path("requests").asInt()).isEqualTo(1);

        JsonNode event = webhook("payout.paid", payout.reference()).path("data");
        assertThat(event.path("settlement").asText()).isEqualTo(payout.settlement());
        assertThat(event.path("amount").decimalValue()).isEqualByComparingTo("1500.00");
        assertThat(event.path("currency").asText()).isEqualTo("KES");
        assertThat(event.path("destination").asText()).isEqualTo("M-Pesa 2547•••••678");
        assertThat(event.path("failure_reason").isNull()).isTrue();
    }

    @Test
    void theSettlementRunsPayoutReachesTheMerchantsPhone() {
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"0712345681\"}");
        // a day far ahead: the run settles this merchant's money only (others' is never due that late)
        java.time.LocalDate day = java.time.LocalDate.now(ke.onpoint.pay.kernel.EastAfricaTime.ZONE)
                .plusDays(400);
        transactions.executeWithoutResult(tx -> ledger.post(ke.onpoint.pay.ledger.Posting.of(
                        "payment.captured", "FIXTURE-" + uniqueReference(), owner.merchantId(), MODE)
                .debit(LedgerAccount.clearing("mpesa", MODE, "KES"), 123_400)
                .entry(account(owner.merchantId(), AccountKind.PENDING), -123_400, day)
                .grossAndFee(123_400, 0)
                .build()));

        run.run(day, "test");
        Map<String, Object> queued = jdbc.queryForMap(
                "SELECT p.reference, s.reference AS settlement, s.id FROM payouts p JOIN settlements s "
                        + "ON s.id = p.settlement_id WHERE p.merchant_id = ?",
                owner.merchantId());
        String reference = (String) queued.get("reference");

        awaitPayout(reference, "paid");

        assertThat(balance(owner.merchantId(), AccountKind.PENDING)).isZero();
        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isZero();
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(entry("payout.paid", reference, LedgerAccount.clearing("mpesa", MODE, "KES")))
                .isEqualTo(-123_400);
        assertThat(settlementStatus((Long) queued.get("id"))).isEqualTo("paid");
        JsonNode sent = simulatedPayout(reference).path("payouts").get(0);
        assertThat(sent.path("party_b").asText()).isEqualTo("254712345681");
        assertThat(sent.path("amount").asText()).isEqualTo("1234");
        JsonNode event = webhook("payout.paid", reference).path("data");
        assertThat(event.path("settlement").asText()).isEqualTo(queued.get("settlement"));
        assertThat(event.path("amount").decimalValue()).isEqualByComparingTo("1234.00");
    }

    @Test
    void b2bPayoutToAPaybillAccountIsPaid() {
        setDestination(owner, "{\"type\":\"paybill\",\"paybill\":\"888880\",\"account_number\":\"ACC-42\"}");
        Queued payout = queue(owner.merchantId(), 30_000, 30_000, "queued");

        awaitPayout(payout.reference(), "paid");

        JsonNode sent = simulatedPayout(payout.reference()).path("payouts").get(0);
        assertThat(sent.path("kind").asText()).isEqualTo("b2b");
        assertThat(sent.path("command_id").asText()).isEqualTo("BusinessPayBill");
        assertThat(sent.path("party_b").asText()).isEqualTo("888880");
        assertThat(sent.path("account_reference").asText()).isEqualTo("ACC-42");
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isZero();
        assertThat(entry("payout.paid", payout.reference(), LedgerAccount.clearing("mpesa", MODE, "KES")))
                .isEqualTo(-30_000);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("paid");
        assertThat(webhook("payout.paid", payout.reference())
                        .path("data")
                        .path("destination")
                        .asText())
                .isEqualTo("Paybill 888880 account ••••42");
    }

    @Test
    void insufficientFloatFailsThePayoutAndTheMoneyIsAvailableAgain() {
        // the simulator's test number ending 01: ResultCode 1, the B2C Utility account is short
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"254700000101\"}");
        Queued payout = queue(owner.merchantId(), 120_000, 100_000, "queued");
        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isEqualTo(20_000);

        awaitPayout(payout.reference(), "failed");

        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isEqualTo(120_000);
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(postings("payout.paid", payout.reference())).isZero();
        assertThat(entry("payout.failed", payout.reference(), account(owner.merchantId(), AccountKind.AVAILABLE)))
                .isEqualTo(-100_000);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("payout_failed");
        assertThat(jdbc.queryForObject(
                        "SELECT failure_code FROM payouts WHERE reference = ?", String.class, payout.reference()))
                .isEqualTo("1");

        JsonNode event = webhook("payout.failed", payout.reference()).path("data");
        assertThat(event.path("amount").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(event.path("settlement").asText()).isEqualTo(payout.settlement());
        assertThat(event.path("failure_reason").asText()).contains("balance is insufficient");
    }

    @Test
    void aDuplicatedResultIsAppliedOnce() {
        // test number ending 91: the identical Result is POSTed twice
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"254700000191\"}");
        Queued payout = queue(owner.merchantId(), 50_000, 50_000, "queued");

        awaitPayout(payout.reference(), "paid");
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND kind = 'b2c_result'"
                                        + " AND outcome = 'duplicate'",
                                payout.reference())
                        == 1);

        assertThat(postings("payout.paid", payout.reference())).isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND event_type = 'payout.paid'",
                        payout.reference()))
                .isEqualTo(1);
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(simulatedPayout(payout.reference())
                        .path("payouts")
                        .get(0)
                        .path("results_sent")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aLostResultIsFoundByTransactionStatus() {
        // test number ending 90: paid, but no Result ever comes; the result timeout (3 s in tests) sends the check
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"254700000190\"}");
        Queued payout = queue(owner.merchantId(), 40_000, 40_000, "queued");

        awaitPayout(payout.reference(), "paid");

        assertThat(count(
                        "SELECT count(*) FROM payout_status_queries q JOIN payouts p ON p.id = q.payout_id "
                                + "WHERE p.reference = ? AND q.answered_at IS NOT NULL",
                        payout.reference()))
                .isGreaterThanOrEqualTo(1);
        assertThat(simulatedPayout(payout.reference())
                        .path("payouts")
                        .get(0)
                        .path("requests")
                        .asInt())
                .isEqualTo(1);
        assertThat(entry("payout.paid", payout.reference(), LedgerAccount.clearing("mpesa", MODE, "KES")))
                .isEqualTo(-40_000);
        webhook("payout.paid", payout.reference());
    }

    @Test
    void aKillBetweenPayoutSendAndRecordResolvesWithoutASecondPayout() {
        // as a gateway that died right after sending: the payout is `sending` and Daraja has its request (whose
        // Result is lost: test number ending 90); the recovery must ask, not send again
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"254700000190\"}");
        Queued payout = queue(owner.merchantId(), 25_000, 25_000, "sending");
        Reply sent = sendB2cAsTheCrashedGatewayDid(payout.reference(), "254700000190", "250");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(simulatedPayout(payout.reference()).path("count").asInt()).isEqualTo(1);

        jdbc.update("UPDATE payouts SET next_check_at = now() WHERE reference = ?", payout.reference());
        awaitPayout(payout.reference(), "paid");

        JsonNode atDaraja = simulatedPayout(payout.reference());
        assertThat(atDaraja.path("count").asInt()).isEqualTo(1);
        assertThat(atDaraja.path("payouts").get(0).path("requests").asInt()).isEqualTo(1);
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(entry("payout.paid", payout.reference(), LedgerAccount.clearing("mpesa", MODE, "KES")))
                .isEqualTo(-25_000);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("paid");
    }

    @Test
    void aSendingPayoutDarajaNeverReceivedIsSentOnceUnderTheSameReference() {
        // the gateway died after marking it sending, before the request left: Transaction Status says R000002
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"0712345679\"}");
        Queued payout = queue(owner.merchantId(), 25_000, 25_000, "sending");
        jdbc.update("UPDATE payouts SET next_check_at = now() WHERE reference = ?", payout.reference());

        awaitPayout(payout.reference(), "paid");

        JsonNode atDaraja = simulatedPayout(payout.reference());
        assertThat(atDaraja.path("count").asInt()).isEqualTo(1);
        assertThat(atDaraja.path("payouts").get(0).path("requests").asInt()).isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND kind = 'payoutstatus_result'",
                        payout.reference()))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aResultForAnotherAmountGoesToReviewNotPaid() {
        setDestination(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"0712345680\"}");
        Queued payout = queue(owner.merchantId(), 60_000, 60_000, "sent");
        jdbc.update(
                "UPDATE payouts SET provider_reference = 'AG_20240706_2010364430d9bbdaf872' WHERE reference = ?",
                payout.reference());

        Reply answered = post(
                "/api/v1/payments/mpesa/result/b2c/dev-callback-token",
                null,
                b2cResult(payout.reference(), "AG_20240706_2010364430d9bbdaf872", 6000),
                Map.of());
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);

        assertThat(payoutStatus(payout.reference())).isEqualTo("sent");
        assertThat(jdbc.queryForObject(
                        "SELECT review_reason FROM payouts WHERE reference = ?", String.class, payout.reference()))
                .startsWith("PAYOUT_AMOUNT_MISMATCH");
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND outcome = 'needs_review'",
                        payout.reference()))
                .isEqualTo(1);
        assertThat(postings("payout.paid", payout.reference())).isZero();
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isEqualTo(60_000);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("paying");
        assertThat(outboxEvents(payout.reference())).isZero();
    }

    /** Daraja's documented B2C success Result (v3), paying {@code shillings}. */
    private static String b2cResult(String originator, String conversation, long shillings) {
        return """
                {"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request is processed successfully.",
                 "OriginatorConversationID":"%s","ConversationID":"%s","TransactionID":"SG632NMUAB",
                 "ResultParameters":{"ResultParameter":[{"Key":"TransactionAmount","Value":%d},
                  {"Key":"TransactionReceipt","Value":"SG632NMUAB"},
                  {"Key":"ReceiverPartyPublicName","Value":"254712345680 - JOHN DOE"},
                  {"Key":"TransactionCompletedDateTime","Value":"06.07.2024 22:48:52"},
                  {"Key":"B2CRecipientIsRegisteredCustomer","Value":"Y"}]},
                 "ReferenceData":{"ReferenceItem":{"Key":"QueueTimeoutURL","Value":"https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit"}}}}
                """.formatted(originator, conversation, shillings);
    }

    /** The B2C request the gateway sends, sent by the test straight to the simulator. */
    private Reply sendB2cAsTheCrashedGatewayDid(String reference, String phone, String shillings) {
        String basic = Base64.getEncoder()
                .encodeToString("sim-consumer-key:sim-consumer-secret".getBytes(StandardCharsets.UTF_8));
        String token = send(java.net.http.HttpRequest.newBuilder(
                                uri("/sim/daraja/oauth/v1/generate?grant_type=client_credentials"))
                        .header("Authorization", "Basic " + basic)
                        .GET()
                        .build())
                .json()
                .path("access_token")
                .asText();
        String body =
                """
                {"OriginatorConversationID":"%s","InitiatorName":"testapi","SecurityCredential":"%s",
                 "CommandID":"BusinessPayment","Amount":"%s","PartyA":"600000","PartyB":"%s","Remarks":"Settlement payout",
                 "QueueTimeOutURL":"http://localhost:%d/api/v1/payments/mpesa/timeout/b2c/dev-callback-token",
                 "ResultURL":"http://localhost:%d/api/v1/payments/mpesa/result/b2c/dev-callback-token","Occassion":"%s"}
                """.formatted(reference, credential.current(profiles.live()), shillings, phone, port, port, reference);
        return post("/sim/daraja/mpesa/b2c/v3/paymentrequest", token, body, Map.of());
    }
}
