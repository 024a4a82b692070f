package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a 4xx problem naming the field and writes nothing: no payment, no event, no idempotency claim. */
class PaymentBadInputIT extends GatewayTest {

    private static final String OK_PHONE = "\"phone\":\"0712345678\"";
    private String key;
    private long merchantId;

    @BeforeEach
    void merchant() {
        key = newMerchantKey();
        merchantId = count("SELECT merchant_id FROM api_keys WHERE key_hash = sha256(convert_to(?, 'UTF8'))", key);
    }

    static Stream<Arguments> badBodies() {
        String base = "\"currency\":\"KES\",\"payment_method\":\"mpesa\"," + OK_PHONE + ",\"reference\":\"R-1\"";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"amount\": 100,", 400, "body"),
                Arguments.of("not an object", "[1,2,3]", 400, "body"),
                Arguments.of("empty body", "", 400, "body"),
                Arguments.of("duplicate keys", "{\"amount\":1,\"amount\":2," + base + "}", 400, "body"),
                Arguments.of("missing amount", "{" + base + "}", 422, "amount"),
                Arguments.of("amount as string", "{\"amount\":\"100\"," + base + "}", 422, "amount"),
                Arguments.of("amount as boolean", "{\"amount\":true," + base + "}", 422, "amount"),
                Arguments.of("zero amount", "{\"amount\":0," + base + "}", 422, "amount"),
                Arguments.of("negative amount", "{\"amount\":-5," + base + "}", 422, "amount"),
                Arguments.of("fractional amount", "{\"amount\":10.5," + base + "}", 422, "amount"),
                Arguments.of("sub-cent amount", "{\"amount\":10.001," + base + "}", 422, "amount"),
                Arguments.of("above M-Pesa limit", "{\"amount\":250001," + base + "}", 422, "amount"),
                Arguments.of("huge amount", "{\"amount\":1e400," + base + "}", 422, "amount"),
                Arguments.of("huge integer", "{\"amount\":123456789012345678901234567890," + base + "}", 422, "amount"),
                Arguments.of(
                        "missing phone",
                        "{\"amount\":100,\"payment_method\":\"mpesa\",\"reference\":\"R-1\"}",
                        422,
                        "phone"),
                Arguments.of(
                        "short phone",
                        "{\"amount\":100,\"payment_method\":\"mpesa\",\"phone\":\"07123\",\"reference\":\"R-1\"}",
                        422,
                        "phone"),
                Arguments.of(
                        "foreign phone",
                        "{\"amount\":100,\"payment_method\":\"mpesa\",\"phone\":\"+14155550100\",\"reference\":\"R-1\"}",
                        422,
                        "phone"),
                Arguments.of(
                        "landline",
                        "{\"amount\":100,\"payment_method\":\"mpesa\",\"phone\":\"0202345678\",\"reference\":\"R-1\"}",
                        422,
                        "phone"),
                Arguments.of(
                        "phone as number",
                        "{\"amount\":100,\"payment_method\":\"mpesa\",\"phone\":254712345678,\"reference\":\"R-1\"}",
                        422,
                        "phone"),
                Arguments.of(
                        "wrong currency",
                        "{\"amount\":100,\"currency\":\"USD\",\"payment_method\":\"mpesa\"," + OK_PHONE
                                + ",\"reference\":\"R-1\"}",
                        422,
                        "currency"),
                Arguments.of(
                        "missing method",
                        "{\"amount\":100," + OK_PHONE + ",\"reference\":\"R-1\"}",
                        422,
                        "payment_method"),
                Arguments.of(
                        "unsupported method",
                        "{\"amount\":100,\"payment_method\":\"bitcoin\"," + OK_PHONE + ",\"reference\":\"R-1\"}",
                        422,
                        "payment_method"),
                Arguments.of(
                        "missing reference",
                        "{\"amount\":100,\"payment_method\":\"mpesa\"," + OK_PHONE + "}",
                        422,
                        "reference"),
                Arguments.of(
                        "reference too long",
                        "{\"amount\":100,\"payment_method\":\"mpesa\"," + OK_PHONE + ",\"reference\":\""
                                + "R".repeat(65) + "\"}",
                        422,
                        "reference"),
                Arguments.of(
                        "reference with spaces",
                        "{\"amount\":100,\"payment_method\":\"mpesa\"," + OK_PHONE + ",\"reference\":\"A B\"}",
                        422,
                        "reference"),
                Arguments.of(
                        "callback not a URL",
                        "{\"amount\":100," + base + ",\"callback_url\":\"not a url\"}",
                        422,
                        "callback_url"),
                Arguments.of(
                        "callback ftp",
                        "{\"amount\":100," + base + ",\"callback_url\":\"ftp://x.test/hook\"}",
                        422,
                        "callback_url"),
                Arguments.of("bad email", "{\"amount\":100," + base + ",\"email\":\"nope\"}", 422, "email"),
                Arguments.of(
                        "metadata not an object", "{\"amount\":100," + base + ",\"metadata\":[1]}", 422, "metadata"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIsAProblemNamingTheFieldAndWritesNothing(String name, String body, int status, String field) {
        // this merchant's rows only: the reconciliation of other tests' payments writes to the shared tables meanwhile
        String payments = "SELECT count(*) FROM payments WHERE merchant_id = ?";
        String events = "SELECT count(*) FROM outbox_events WHERE merchant_id = ?";
        String claims = "SELECT count(*) FROM idempotency_keys WHERE merchant_id = ?";

        Reply reply =
                post("/api/v1/payments/initiate", key, body, Map.of("Idempotency-Key", "bad-" + System.nanoTime()));

        assertProblem(reply, status, field);
        assertThat(count(payments, merchantId)).isZero();
        assertThat(count(events, merchantId)).isZero();
        assertThat(count(claims, merchantId)).isZero();
    }

    @Test
    void unsupportedMethodListsTheSupportedOnes() {
        Reply reply =
                initiate(key, "{\"amount\":100,\"payment_method\":\"paypal\"," + OK_PHONE + ",\"reference\":\"R-2\"}");
        assertProblem(reply, 422, "payment_method");
        assertThat(reply.body()).contains("supported methods: mpesa, card");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        Reply reply = initiate(key, "{\"amount\":-1,\"payment_method\":\"mpesa\",\"phone\":\"123\"}");
        assertProblem(reply, 422, "amount");
        assertThat(reply.json().path("errors").findValuesAsText("field")).contains("amount", "phone", "reference");
    }

    @Test
    void oversizedBodyIsRefused() {
        String body = "{\"amount\":100,\"payment_method\":\"mpesa\"," + OK_PHONE
                + ",\"reference\":\"R-3\",\"description\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(initiate(key, body), 413, "body");
    }

    @Test
    void missingMalformedUnknownAndRevokedKeysAreUnauthorized() {
        String body = mpesaBody("0712345678", uniqueReference());
        Reply none = initiate(null, body);
        assertProblem(none, 401, null);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(initiate("not-a-key", body), 401, null);
        assertProblem(initiate("sk_test_" + "A".repeat(32), body), 401, null);
        assertProblem(
                post("/api/v1/payments/initiate", null, body, Map.of("Authorization", "Basic dXNlcjpwYXNz")),
                401,
                null);

        jdbc.update("UPDATE api_keys SET revoked_at = now() WHERE key_hash = sha256(?::bytea)", key);
        assertProblem(initiate(key, body), 401, null);
        assertThat(count(
                        "SELECT count(*) FROM payments WHERE merchant_reference = ?",
                        body.replaceAll(".*\"reference\":\"([^\"]+)\".*", "$1")))
                .isZero();
    }

    @Test
    void unknownReferencesAreNotFound() {
        assertProblem(payment(key, "TXN20240116NOTEXIST00"), 404, null);
        assertProblem(post("/api/v1/payments/status", key, "{\"reference\":\"nope\"}", Map.of()), 404, null);
        assertProblem(post("/api/v1/payments/status", key, "{\"reference\":42}", Map.of()), 422, "reference");
        assertProblem(post("/api/v1/payments/status", key, "not json", Map.of()), 400, "body");
    }

    @Test
    void formEncodedAndWrongMethodRequestsAreProblemsToo() {
        for (String path : new String[] {
            "/api/v1/payments/initiate",
            "/api/v1/payments/paystack/webhook",
            "/api/v1/payments/mpesa/callback/dev-callback-token",
            "/api/v1/payments/refund"
        }) {
            Reply form = send(java.net.http.HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"event\":\"x\"}"))
                    .build());
            assertProblem(form, 415, "body");
        }
        Reply delete = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/payments/initiate"))
                .DELETE()
                .build());
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.contentType()).startsWith("application/problem+json");
    }

    @Test
    void idempotencyKeyMustBeReasonable() {
        assertProblem(
                post(
                        "/api/v1/payments/initiate",
                        key,
                        mpesaBody("0712345678", uniqueReference()),
                        Map.of("Idempotency-Key", "k".repeat(300))),
                422,
                "Idempotency-Key");
    }
}
