package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** M-Pesa STK Push end to end: API → Daraja client → simulator → callback → ledger, over real HTTP. */
class MpesaStkPaymentIT extends GatewayTest {

    @Autowired
    private CamelContext camel;

    private String key;

    @BeforeEach
    void merchant() {
        key = newMerchantKey();
    }

    @Test
    void successfulPaymentCompletesWithReceiptAndOneEventPerTransition() {
        String reference = uniqueReference();
        Reply created = initiate(key, mpesaBody("0712345600", reference));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode payment = created.json();
        assertThat(payment.path("reference").asText()).matches("TXN\\d{8}[A-Z0-9]{10}");
        assertThat(payment.path("status").asText()).isEqualTo("pending");
        assertThat(payment.path("payment_method").asText()).isEqualTo("mpesa");
        assertThat(payment.path("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(payment.path("currency").asText()).isEqualTo("KES");
        assertThat(payment.path("merchant_reference").asText()).isEqualTo(reference);
        assertThat(payment.path("phone").asText()).isEqualTo("254712345600");
        assertThat(payment.path("checkout_request_id").asText()).startsWith("ws_CO_");
        assertThat(payment.path("customer_message").asText()).isNotBlank();
        assertThat(payment.path("metadata").path("order_id").asText()).isEqualTo(reference);

        JsonNode completed = awaitStatus(key, payment.path("reference").asText(), "completed");
        assertThat(completed.path("mpesa_receipt").asText()).matches("[A-Z0-9]{10}");
        assertThat(completed.path("paid_phone").asText()).isEqualTo("254712345600");
        assertThat(completed.path("completed_at").isNull()).isFalse();
        assertThat(count(
                        "SELECT amount_minor FROM payments WHERE reference = ?",
                        payment.path("reference").asText()))
                .isEqualTo(10_000L);
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                        String.class,
                        payment.path("reference").asText()))
                .containsExactly("payment.initiated", "payment.completed");
    }

    @ParameterizedTest(name = "phone suffix {0} ends {1} with code {2}")
    @CsvSource({
        "01, failed, 1",
        "17, failed, 17",
        "10, failed, 1001",
        "20, failed, 2001",
        "99, failed, 9999",
        "32, cancelled, 1032",
        "19, expired, 1019",
        "37, expired, 1037"
    })
    void failureFamiliesMapToTheirStates(String suffix, String status, String code) {
        Reply created = initiate(key, mpesaBody("2547000000" + suffix, uniqueReference()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        JsonNode ended = awaitStatus(key, created.json().path("reference").asText(), status);
        assertThat(ended.path("failure_code").asText()).isEqualTo(code);
        assertThat(ended.path("failure_reason").asText()).isNotBlank();
        assertThat(ended.path("mpesa_receipt").isNull()).isTrue();
        assertThat(outboxEvents(created.json().path("reference").asText())).isEqualTo(2);
    }

    @Test
    void duplicateCallbackIsOneTransitionAndOneEvent() {
        Reply created = initiate(key, mpesaBody("0700000091", uniqueReference()));
        String reference = created.json().path("reference").asText();
        String checkout = created.json().path("checkout_request_id").asText();

        awaitStatus(key, reference, "completed");
        // the simulator sends the identical callback a second time shortly after the first
        eventually()
                .until(() -> count("SELECT count(*) FROM provider_callbacks WHERE correlation_id = ?", checkout) >= 2);
        assertThat(jdbc.queryForList(
                        "SELECT outcome FROM provider_callbacks WHERE correlation_id = ? ORDER BY id",
                        String.class,
                        checkout))
                .containsExactly("applied", "duplicate");
        assertThat(outboxEvents(reference)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM processed_messages WHERE message_id = ?", checkout))
                .isEqualTo(1);
    }

    @Test
    void lostCallbackIsResolvedByTheReconciliationJob() {
        // suffix 90: the customer pays but Safaricom never calls back; only STK Query knows
        Reply created = initiate(key, mpesaBody("0700000090", uniqueReference()));
        String reference = created.json().path("reference").asText();

        JsonNode completed = awaitPayment(
                key, reference, p -> "completed".equals(p.path("status").asText()), Duration.ofSeconds(20));
        assertThat(completed.path("failure_code").isNull()).isTrue();
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ?",
                        created.json().path("checkout_request_id").asText()))
                .isZero();
        assertThat(outboxEvents(reference)).isEqualTo(2);
    }

    @Test
    void stillProcessingQueryKeepsThePaymentPendingUntilTheLateCallback() {
        // suffix 92: the result comes late; meanwhile STK Query answers "being processed" (not a failure)
        Reply created = initiate(key, mpesaBody("0700000092", uniqueReference()));
        String reference = created.json().path("reference").asText();
        // past the first reconciliation query: the scheduled run that claimed this payment (due 1.5 s after the push)
        // has ended, its query answered
        NotifyBuilder firstQuery = new NotifyBuilder(camel)
                .fromRoute("mpesa-reconcile-pending")
                .filter(run -> run.getMessage().getBody() instanceof List<?> claimed
                        && claimed.stream()
                                .anyMatch(p -> p instanceof Payment payment
                                        && payment.reference().equals(reference)))
                .whenCompleted(1)
                .create();
        assertThat(firstQuery.matches(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(payment(key, reference).json().path("status").asText()).isEqualTo("pending");
        awaitStatus(key, reference, "completed");
    }

    @Test
    void callbackForAnUnknownCheckoutIsAcknowledgedAndRecordedForReview() {
        String checkout = "ws_CO_UNKNOWN" + System.nanoTime();
        // an amount no payment of the shared test database has: a success is otherwise matched by amount and phone
        // to a payment whose push was never recorded
        String callback = stkCallback(checkout, 0).replace("\"Value\":100.00", "\"Value\":249999");
        Reply reply = post("/api/v1/payments/mpesa/callback/dev-callback-token", null, callback, Map.of());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("ResultCode").asInt()).isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT outcome FROM provider_callbacks WHERE correlation_id = ?", String.class, checkout))
                .isEqualTo("unmatched");
    }

    @Test
    void callbackWithoutTheSecretTokenIsRefusedAndChangesNothing() {
        Reply created = initiate(key, mpesaBody("0700000019", uniqueReference()));
        String checkout = created.json().path("checkout_request_id").asText();

        assertProblem(post("/api/v1/payments/mpesa/callback/", null, stkCallback(checkout, 0), Map.of()), 401, null);
        assertProblem(
                post("/api/v1/payments/mpesa/callback/wrong-token", null, stkCallback(checkout, 0), Map.of()),
                401,
                null);

        assertThat(count("SELECT count(*) FROM processed_messages WHERE message_id = ?", checkout))
                .isZero();
        assertThat(awaitStatus(key, created.json().path("reference").asText(), "expired")
                        .path("failure_code")
                        .asText())
                .isEqualTo("1019");
    }

    @Test
    void malformedCallbacksAreAnsweredWithoutA500AndRecorded() {
        long before = count("SELECT count(*) FROM provider_callbacks WHERE outcome = 'rejected'");
        for (String body : new String[] {
            "{not json",
            "{}",
            "{\"Body\":{\"stkCallback\":{\"ResultCode\":0}}}",
            "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"ws_CO_1\",\"ResultCode\":0}}}",
            "[]"
        }) {
            Reply reply = post("/api/v1/payments/mpesa/callback/dev-callback-token", null, body, Map.of());
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(count("SELECT count(*) FROM provider_callbacks WHERE outcome = 'rejected'"))
                .isEqualTo(before + 5);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
        String body = mpesaBody("0712345601", uniqueReference());
        Map<String, String> idem = Map.of("Idempotency-Key", "idem-" + System.nanoTime());

        Reply first = post("/api/v1/payments/initiate", key, body, idem);
        Reply replay = post("/api/v1/payments/initiate", key, body, idem);
        Reply other = post("/api/v1/payments/initiate", key, mpesaBody("0712345601", uniqueReference()), idem);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("reference").asText())
                .isEqualTo(first.json().path("reference").asText());
        assertProblem(other, 422, "Idempotency-Key");
        assertThat(count(
                        "SELECT count(*) FROM payments WHERE merchant_reference = ?",
                        first.json().path("merchant_reference").asText()))
                .isEqualTo(1);
    }

    @Test
    void idempotencyKeyOfARequestThatDiedMidFlightIsInProgressThenTakenOverWithoutASecondPayment() {
        String body = mpesaBody("0712345608", uniqueReference());
        String key = "idem-" + System.nanoTime();
        Reply first = post("/api/v1/payments/initiate", this.key, body, Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        // as if the process died after the payment was written but before the answer was stored
        jdbc.update(
                "UPDATE idempotency_keys SET response_status = NULL, response_body = NULL WHERE idempotency_key = ?",
                key);

        assertProblem(
                post("/api/v1/payments/initiate", this.key, body, Map.of("Idempotency-Key", key)),
                409,
                "Idempotency-Key");

        jdbc.update(
                "UPDATE idempotency_keys SET created_at = now() - interval '1 hour' WHERE idempotency_key = ?", key);
        Reply retry = post("/api/v1/payments/initiate", this.key, body, Map.of("Idempotency-Key", key));
        assertProblem(retry, 409, "reference");
        assertThat(retry.json().path("existing_reference").asText())
                .isEqualTo(first.json().path("reference").asText());
        assertThat(count(
                        "SELECT count(*) FROM payments WHERE merchant_reference = ?",
                        first.json().path("merchant_reference").asText()))
                .isEqualTo(1);
    }

    @Test
    void idempotencyKeyOfARefusedRequestIsReleased() {
        Map<String, String> idem = Map.of("Idempotency-Key", "idem-" + System.nanoTime());
        assertProblem(post("/api/v1/payments/initiate", key, "{\"amount\":0}", idem), 422, "amount");
        Reply valid = post("/api/v1/payments/initiate", key, mpesaBody("0712345602", uniqueReference()), idem);
        assertThat(valid.status()).as(valid.body()).isEqualTo(201);
    }

    @Test
    void duplicateMerchantReferenceIsAConflictNamingTheExistingPayment() {
        String reference = uniqueReference();
        Reply first = initiate(key, mpesaBody("0712345603", reference));
        Reply second = initiate(key, mpesaBody("0712345603", reference));

        assertProblem(second, 409, "reference");
        assertThat(second.json().path("existing_reference").asText())
                .isEqualTo(first.json().path("reference").asText());
    }

    @Test
    void anotherMerchantsPaymentIsNotFoundByEitherReference() {
        Reply created = initiate(key, mpesaBody("0712345604", uniqueReference()));
        String other = newMerchantKey();

        assertProblem(payment(other, created.json().path("reference").asText()), 404, null);
        assertProblem(payment(other, created.json().path("merchant_reference").asText()), 404, null);
        assertProblem(
                post(
                        "/api/v1/payments/status",
                        other,
                        "{\"reference\":\"" + created.json().path("reference").asText() + "\"}",
                        Map.of()),
                404,
                null);
        assertThat(payment(key, created.json().path("merchant_reference").asText())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void statusFindsThePaymentByEitherReference() {
        Reply created = initiate(key, mpesaBody("0712345605", uniqueReference()));
        for (String ref : new String[] {
            created.json().path("reference").asText(),
            created.json().path("merchant_reference").asText()
        }) {
            Reply status = post(
                    "/api/v1/payments/status",
                    key,
                    "{\"reference\":\"" + ref + "\",\"payment_method\":\"mpesa\"}",
                    Map.of());
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.json().path("reference").asText())
                    .isEqualTo(created.json().path("reference").asText());
        }
        assertProblem(
                post("/api/v1/payments/status", key, "{\"payment_method\":\"mpesa\"}", Map.of()), 422, "reference");
    }

    @Test
    void listingFiltersAndPagesWithACursor() {
        String lister = newMerchantKey();
        for (int i = 0; i < 5; i++) {
            assertThat(initiate(lister, mpesaBody("07000000" + (i == 4 ? "32" : "0" + i), uniqueReference()))
                            .status())
                    .isEqualTo(201);
        }
        Reply page1 = get("/api/v1/payments/transactions?limit=2", lister);
        assertThat(page1.json().path("data")).hasSize(2);
        assertThat(page1.json().path("has_more").asBoolean()).isTrue();
        Reply page2 = get(
                "/api/v1/payments/transactions?limit=2&cursor="
                        + page1.json().path("next_cursor").asText(),
                lister);
        Reply page3 = get(
                "/api/v1/payments/transactions?limit=2&cursor="
                        + page2.json().path("next_cursor").asText(),
                lister);
        assertThat(page2.json().path("data")).hasSize(2);
        assertThat(page3.json().path("data")).hasSize(1);
        assertThat(page3.json().path("has_more").asBoolean()).isFalse();
        assertThat(page1.json().path("data").get(0).path("reference").asText())
                .isNotEqualTo(page2.json().path("data").get(0).path("reference").asText());

        String today =
                java.time.LocalDate.now(java.time.ZoneId.of("Africa/Nairobi")).toString();
        Reply mpesaToday = get(
                "/api/v1/payments/transactions?payment_method=mpesa&date_from=" + today + "&date_to=" + today, lister);
        assertThat(mpesaToday.json().path("data")).hasSize(5);
        Reply yesterday = get("/api/v1/payments/transactions?date_to=2020-01-01", lister);
        assertThat(yesterday.json().path("data")).isEmpty();

        JsonNode pending =
                get("/api/v1/payments/transactions?status=pending", lister).json();
        pending.path("data").forEach(p -> assertThat(p.path("status").asText()).isEqualTo("pending"));

        assertProblem(get("/api/v1/payments/transactions?status=paid", lister), 422, "status");
        assertProblem(get("/api/v1/payments/transactions?date_from=yesterday", lister), 422, "date_from");
        assertProblem(get("/api/v1/payments/transactions?limit=1000", lister), 422, "limit");
        assertProblem(get("/api/v1/payments/transactions?cursor=not-a-cursor!", lister), 422, "cursor");
    }

    @Test
    void darajaRefusalsEndThePaymentFailedAndTellTheMerchant() {
        Reply spike = initiate(key, mpesaBody("0700000093", uniqueReference()));
        assertProblem(spike, 503, null);
        assertThat(spike.header("Retry-After")).isNotNull();
        assertThat(spike.json().path("failure_code").asText()).isEqualTo("500.003.02");
        assertThat(payment(key, spike.json().path("reference").asText())
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("failed");

        Reply badPhone = initiate(key, mpesaBody("0700000094", uniqueReference()));
        assertProblem(badPhone, 422, "phone");
        assertThat(badPhone.json().path("payment_status").asText()).isEqualTo("failed");
        assertThat(outboxEvents(badPhone.json().path("reference").asText())).isEqualTo(2);
    }

    @Test
    void expiredAccessTokenIsRefreshedOnceMidFlight() {
        assertThat(initiate(key, mpesaBody("0712345606", uniqueReference())).status())
                .isEqualTo(201);
        long tokensBefore = darajaTokenRequests();
        post("/sim/daraja/__sim/oauth/expire-tokens", null, "{}", Map.of());

        Reply created = initiate(key, mpesaBody("0712345607", uniqueReference()));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(darajaTokenRequests()).isEqualTo(tokensBefore + 1);
    }
}
