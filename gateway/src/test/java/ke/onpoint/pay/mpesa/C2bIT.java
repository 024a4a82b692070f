package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Paybill payments: URL registration, validation by the YAML rules, confirmation recorded once, unattributed money. */
class C2bIT extends GatewayTest {

    @Autowired
    ke.onpoint.pay.security.FieldCipher cipher;

    @Autowired
    private C2bUrlRegistration registration;

    private String key;
    private String account;

    @BeforeEach
    void merchantAndUrls() {
        assertThat(registration.register()).isEqualTo(C2bUrlRegistration.Result.REGISTERED);
        key = newMerchantKey();
        account = jdbc.queryForObject(
                "SELECT m.c2b_account FROM merchants m JOIN api_keys k ON k.merchant_id = m.id "
                        + "WHERE k.key_hash = sha256(?::bytea)",
                String.class,
                key);
    }

    private JsonNode customerPays(String billRef, int amount) {
        Reply paid = post(
                "/sim/daraja/__sim/c2b/pay",
                null,
                "{\"ShortCode\":\"600984\",\"CommandID\":\"CustomerPayBillOnline\"," + "\"Amount\":" + amount
                        + ",\"Msisdn\":\"254708374149\",\"BillRefNumber\":\"" + billRef + "\"}",
                Map.of());
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        return paid.json();
    }

    private JsonNode awaitC2bPayment(String transId) {
        return eventually()
                .alias("C2B payment " + transId)
                .until(() -> payment(key, "C2B-" + transId), found -> found.status() == 200)
                .json();
    }

    private String validationOutcome(String transId) {
        return eventually()
                .alias("validation of " + transId)
                .until(
                        () -> jdbc.queryForList(
                                "SELECT note FROM provider_callbacks WHERE kind = 'c2b_validation' AND correlation_id = ?",
                                String.class,
                                transId),
                        notes -> !notes.isEmpty())
                .get(0);
    }

    @Test
    void registeringAgainIsReportedNotACrash() {
        post("/sim/daraja/__sim/c2b/production-mode", null, "{\"enabled\":true}", Map.of());
        try {
            assertThat(registration.register()).isEqualTo(C2bUrlRegistration.Result.ALREADY_REGISTERED);
        } finally {
            post("/sim/daraja/__sim/c2b/production-mode", null, "{\"enabled\":false}", Map.of());
        }
    }

    @Test
    void paybillPaymentToAKnownAccountArrivesAmongTheMerchantsTransactions() {
        String transId = customerPays(account, 1500).path("trans_id").asText();

        JsonNode payment = awaitC2bPayment(transId);
        assertThat(payment.path("status").asText()).isEqualTo("completed");
        assertThat(payment.path("amount").decimalValue()).isEqualByComparingTo("1500");
        assertThat(payment.path("mpesa_receipt").asText()).isEqualTo(transId);
        assertThat(payment.path("metadata").path("channel").asText()).isEqualTo("c2b");
        assertThat(validationOutcome(transId)).isEqualTo("accepted");
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        payment.path("reference").asText()))
                .containsExactly("payment.initiated", "payment.completed");
        // v2 sends the MSISDN hashed: kept as sent (encrypted at rest), never taken for a phone number
        String storedMsisdn = jdbc.queryForObject(
                "SELECT payer_msisdn FROM payments WHERE reference = ?",
                String.class,
                payment.path("reference").asText());
        assertThat(storedMsisdn).startsWith("v1:");
        assertThat(cipher.decrypt(ke.onpoint.pay.payment.PaymentRepository.PAYER_MSISDN, storedMsisdn))
                .matches("[0-9a-f]{64}");
        assertThat(get("/api/v1/payments/transactions?payment_method=mpesa", key)
                        .json()
                        .path("data")
                        .get(0)
                        .path("merchant_reference")
                        .asText())
                .isEqualTo("C2B-" + transId);
    }

    @Test
    void unknownAccountIsRejectedByTheRulesAndNoMoneyArrives() {
        String transId = customerPays("NOSUCHACCT", 200).path("trans_id").asText();
        assertThat(validationOutcome(transId)).isEqualTo("rejected C2B00012");
        // M-Pesa sends a confirmation only for a payment it takes: once the simulator has rejected this one, none comes
        eventually()
                .until(() -> "rejected"
                        .equals(get("/sim/daraja/__sim/c2b/transactions/" + transId, null)
                                .json()
                                .path("status")
                                .asText()));
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_reference = ?", "C2B-" + transId))
                .isZero();
        assertThat(count("SELECT count(*) FROM c2b_unattributed WHERE trans_id = ?", transId))
                .isZero();
    }

    @Test
    void amountAboveTheMerchantsLimitIsRejected() {
        jdbc.update("UPDATE merchants SET c2b_max_minor = 10000 WHERE c2b_account = ?", account);
        String transId = customerPays(account, 500).path("trans_id").asText();
        assertThat(validationOutcome(transId)).isEqualTo("rejected C2B00013");
    }

    @Test
    void accountWithAnOrderReferenceIsAttributedToTheMerchant() {
        String transId = customerPays(account.toLowerCase() + "#INV42", 300)
                .path("trans_id")
                .asText();
        JsonNode payment = awaitC2bPayment(transId);
        assertThat(payment.path("metadata").path("bill_reference").asText())
                .isEqualTo(account.toLowerCase() + "#INV42");
    }

    @Test
    void redeliveredConfirmationIsOnePaymentAndOneEventEach() {
        String transId = customerPays(account, 700).path("trans_id").asText();
        JsonNode payment = awaitC2bPayment(transId);
        assertThat(post("/sim/daraja/__sim/c2b/confirmations/" + transId + "/redeliver", null, "{}", Map.of())
                        .status())
                .isEqualTo(200);
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE kind = 'c2b_confirmation' "
                                        + "AND correlation_id = ?",
                                transId)
                        >= 2);
        assertThat(jdbc.queryForList(
                        "SELECT outcome FROM provider_callbacks WHERE kind = 'c2b_confirmation' "
                                + "AND correlation_id = ? ORDER BY id",
                        String.class,
                        transId))
                .containsExactly("applied", "duplicate");
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_reference = ?", "C2B-" + transId))
                .isEqualTo(1);
        assertThat(outboxEvents(payment.path("reference").asText())).isEqualTo(2);
    }

    @Test
    void confirmationForNoKnownAccountWaitsUnattributed() {
        String transId = "UNA" + UUID.randomUUID().toString().substring(0, 7).toUpperCase();
        Reply confirmed = post(
                "/api/v1/payments/mpesa/confirmation/dev-callback-token",
                null,
                confirmation(transId, "NOBODY"),
                Map.of());
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().path("ResultCode").asInt()).isZero();
        assertThat(count("SELECT count(*) FROM c2b_unattributed WHERE trans_id = ? AND amount_minor = 1000", transId))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_reference = ?", "C2B-" + transId))
                .isZero();
    }

    @Test
    void malformedNotificationsAreAnsweredWithoutA500AndRecorded() {
        long before = count("SELECT count(*) FROM provider_callbacks WHERE kind = 'c2b' AND outcome = 'rejected'");
        for (String path : new String[] {
            "/api/v1/payments/mpesa/confirmation/dev-callback-token",
            "/api/v1/payments/mpesa/validation/dev-callback-token"
        }) {
            assertProblem(post(path, null, "{not json", Map.of()), 400, "body");
            assertProblem(post(path, null, "{\"TransAmount\":\"10.00\"}", Map.of()), 400, null);
            assertProblem(
                    post(path, null, confirmation("BADAMT1", account).replace("\"10.00\"", "\"ten\""), Map.of()),
                    400,
                    null);
            assertProblem(
                    post(path, null, confirmation("BADAMT2", account).replace("\"10.00\"", "\"-5\""), Map.of()),
                    400,
                    null);
            assertProblem(
                    post(path, null, confirmation("BADAMT3", account).replace("\"10.00\"", "{}"), Map.of()), 400, null);
        }
        assertProblem(
                post("/api/v1/payments/mpesa/confirmation/wrong", null, confirmation("NOTOKEN1", account), Map.of()),
                401,
                null);
        assertThat(count("SELECT count(*) FROM provider_callbacks WHERE kind = 'c2b' AND outcome = 'rejected'"))
                .isEqualTo(before + 11);
        assertThat(
                        count(
                                "SELECT count(*) FROM payments WHERE merchant_reference LIKE 'C2B-BADAMT%' OR merchant_reference = 'C2B-NOTOKEN1'"))
                .isZero();
    }

    static String confirmation(String transId, String billRef) {
        return """
                {"TransactionType":"Pay Bill","TransID":"%s","TransTime":"20191122063845","TransAmount":"10.00",
                 "BusinessShortCode":"600984","BillRefNumber":"%s","InvoiceNumber":"","OrgAccountBalance":"49197.00",
                 "ThirdPartyTransID":"","MSISDN":"2547 ***** 126","FirstName":"John","MiddleName":"","LastName":""}
                """.formatted(transId, billRef);
    }
}
