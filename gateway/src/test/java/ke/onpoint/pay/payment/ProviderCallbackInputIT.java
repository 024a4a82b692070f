package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/**
 * What provider callback endpoints take from a sender: the Daraja token only from the URL path, only an excerpt of a
 * body kept (with its length), and phone numbers masked in the note as in the payload.
 */
class ProviderCallbackInputIT extends GatewayTest {

    private static final String TOKEN = "dev-callback-token";
    /** The simulator never calls back for this phone (only the reconciliation's STK Query finds it paid). */
    private static final String SILENT_PHONE = "0700000090";

    @Test
    void stkCallbackTokenInQueryOrHeaderIsRefused() {
        String key = newMerchantKey();
        String reference = uniqueReference();
        Reply created = initiate(key, mpesaBody(SILENT_PHONE, reference));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String checkout = created.json().path("checkout_request_id").asText();
        String callback = paidCallback(
                checkout, created.json().path("merchant_request_id").asText());

        assertProblem(post("/api/v1/payments/mpesa/callback?token=" + TOKEN, null, callback, Map.of()), 401, null);
        assertProblem(post("/api/v1/payments/mpesa/callback", null, callback, Map.of("token", TOKEN)), 401, null);
        assertProblem(
                post("/api/v1/payments/mpesa/callback/not-the-token?token=" + TOKEN, null, callback, Map.of()),
                401,
                null);
        assertProblem(
                post("/api/v1/payments/mpesa/callback/not-the-token", null, callback, Map.of("token", TOKEN)),
                401,
                null);
        // the other Daraja notification paths take their token from the path alike
        assertProblem(
                post(
                        "/api/v1/payments/c2b/confirmation/not-the-token?token=" + TOKEN,
                        null,
                        confirmation(transId(), "NOBODY"),
                        Map.of()),
                401,
                null);
        assertProblem(
                post(
                        "/api/v1/payments/mpesa/result/reversal/not-the-token",
                        null,
                        "{\"Result\":{}}",
                        Map.of("token", TOKEN)),
                401,
                null);
        // none reached the apply step (the reconciliation may complete the payment meanwhile: it records no callback)
        String reachedApply = "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ?";
        assertThat(count(reachedApply, checkout)).isZero();

        Reply genuine = post("/api/v1/payments/mpesa/callback/" + TOKEN, null, callback, Map.of());
        assertThat(genuine.status()).as(genuine.body()).isEqualTo(200);
        assertThat(count(reachedApply, checkout)).isEqualTo(1);
        awaitStatus(key, created.json().path("reference").asText(), "completed");
    }

    @Test
    void providerCallbackNoteMasksPhoneNumbers() {
        // customers type their phone number as the account: the note quotes the account
        String transId = transId();
        Reply confirmed =
                post("/api/v1/payments/c2b/confirmation/" + TOKEN, null, confirmation(transId, "0712345678"), Map.of());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);

        String note = jdbc.queryForObject(
                "SELECT note FROM provider_callbacks WHERE correlation_id = ?", String.class, transId);
        assertThat(note).doesNotContain("0712345678").contains("07******78");
    }

    @Test
    void refusedCallbackIsNotStoredWhole() {
        String marker = "refused-" + UUID.randomUUID();
        String big = "{\"marker\":\"" + marker + "\",\"padding\":\"" + "x".repeat(60_000) + "\"}";
        assertProblem(post("/api/v1/payments/mpesa/callback/not-the-token", null, big, Map.of()), 401, null);
        assertProblem(
                post("/api/v1/payments/paystack/webhook", null, big, Map.of("x-paystack-signature", "00")), 401, null);
        assertProblem(
                post("/api/v1/payments/flutterwave/webhook", null, big, Map.of("verif-hash", "wrong")), 401, null);

        var rows = jdbc.queryForList(
                "SELECT provider, length(payload) AS kept, payload_length FROM provider_callbacks "
                        + "WHERE payload LIKE ? AND outcome = 'rejected'",
                "%" + marker + "%");
        assertThat(rows).hasSize(3).allSatisfy(row -> {
            assertThat(((Number) row.get("kept")).intValue()).isLessThanOrEqualTo(512);
            assertThat(((Number) row.get("payload_length")).intValue()).isEqualTo(big.length());
        });
    }

    @Test
    void refusedCallbackWithANulByteIsA400NotA500() {
        // a raw 0x00 byte on the wire: refused with the request's other unreadable text before any callback route,
        // so nothing of it is stored (the NUL used to fail the insert of the refused callback with a 500)
        String marker = "nul-" + UUID.randomUUID();
        String body = "{\"marker\":\"" + marker + "\",\"x\":\"a\u0000b\"}";
        assertProblem(post("/api/v1/payments/mpesa/callback/not-the-token", null, body, Map.of()), 400, null);
        assertProblem(
                post("/api/v1/payments/paystack/webhook", null, body, Map.of("x-paystack-signature", "00")), 400, null);

        assertThat(jdbc.queryForList(
                        "SELECT payload FROM provider_callbacks WHERE payload LIKE ?",
                        String.class,
                        "%" + marker + "%"))
                .isEmpty();
    }

    @Test
    void storedCallbackPayloadIsCappedWithItsLength() {
        String checkout = "ws_CO_" + UUID.randomUUID().toString().replace("-", "");
        String padded =
                paidCallback(checkout).replace("{\"Body\"", "{\"Padding\":\"" + "y".repeat(20_000) + "\",\"Body\"");
        Reply unmatched = post("/api/v1/payments/mpesa/callback/" + TOKEN, null, padded, Map.of());
        assertThat(unmatched.status()).as(unmatched.body()).isEqualTo(200);

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT outcome, length(payload) AS kept, payload_length "
                        + "FROM provider_callbacks WHERE correlation_id = ?",
                checkout);
        assertThat(row.get("outcome")).isEqualTo("unmatched");
        assertThat(((Number) row.get("kept")).intValue()).isEqualTo(4096);
        assertThat(((Number) row.get("payload_length")).intValue()).isEqualTo(padded.length());
    }

    /** Safaricom's success callback for a KES 100 push to {@link #SILENT_PHONE}. */
    static String paidCallback(String checkout) {
        return paidCallback(checkout, "29115-34620561-1");
    }

    /** The same, naming the push's own MerchantRequestID (the gateway compares it with what Daraja answered). */
    static String paidCallback(String checkout, String merchantRequestId) {
        return """
                {"Body":{"stkCallback":{"MerchantRequestID":"%s","CheckoutRequestID":"%s",
                 "ResultCode":0,"ResultDesc":"The service request is processed successfully.",
                 "CallbackMetadata":{"Item":[{"Name":"Amount","Value":100.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
                  {"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254700000090}]}}}}
                """.formatted(merchantRequestId, checkout);
    }

    static String confirmation(String transId, String billRef) {
        return """
                {"TransactionType":"Pay Bill","TransID":"%s","TransTime":"20191122063845","TransAmount":"10.00",
                 "BusinessShortCode":"600984","BillRefNumber":"%s","InvoiceNumber":"","OrgAccountBalance":"49197.00",
                 "ThirdPartyTransID":"","MSISDN":"2547 ***** 126","FirstName":"John","MiddleName":"","LastName":""}
                """.formatted(transId, billRef);
    }

    static String transId() {
        return "T"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
    }
}
