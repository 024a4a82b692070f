package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * M-Pesa STK messages are checked against what we asked, and no paid payment is lost: faults come from the Daraja
 * simulator's controls (callback amount, STK Query answer, STK Query down) or from the database (a write that fails).
 */
class StkCorrectnessIT extends GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private MeterRegistry meters;

    private String key;

    @BeforeEach
    void merchant() {
        closeDarajaBreaker();
        key = newMerchantKey();
    }

    @AfterEach
    void darajaBack() {
        queryFaults("none");
        closeDarajaBreaker();
    }

    @Test
    void stkCallbackWithWrongAmountEndsNeedsReviewNeverCompleted() {
        double before = reviews("AMOUNT_MISMATCH");
        // suffix 92: the result waits (late scenario) until the test resolves it; meanwhile STK Query says "being
        // processed", then is down: only the callback decides (STK Query carries no amount to compare)
        JsonNode created = created(initiate(key, mpesaBody("0700000092", uniqueReference())));
        queryFaults("down");
        String reference = created.path("reference").asText();
        String checkout = created.path("checkout_request_id").asText();

        simulator("/stk/" + checkout + "/resolve", "{\"ResultCode\":0,\"Amount\":1}"); // KES 1 paid for KES 100

        JsonNode held = awaitPayment(
                key, reference, p -> !"pending".equals(p.path("status").asText()), WAIT);
        assertThat(held.path("status").asText()).isEqualTo("failed");
        assertThat(held.path("failure_code").asText()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(held.path("failure_reason").asText()).contains("1.00 KES paid for a payment of 100.00");
        assertThat(held.path("mpesa_receipt").isNull()).isTrue();
        assertThat(callbackOutcomes(checkout)).containsExactly("needs_review");
        assertThat(events(reference)).containsExactly("payment.initiated", "payment.failed");
        assertThat(reviews("AMOUNT_MISMATCH")).isEqualTo(before + 1);
    }

    @Test
    void stkCallbackWithAnotherMerchantRequestIdEndsNeedsReview() {
        JsonNode created = created(initiate(key, mpesaBody("0700000092", uniqueReference())));
        queryFaults("down");
        String checkout = created.path("checkout_request_id").asText();

        Reply ack = post(
                "/api/v1/payments/mpesa/callback/dev-callback-token",
                null,
                stkCallback(checkout, "99999-00000000-1", 0),
                Map.of());

        assertThat(ack.status()).isEqualTo(200);
        JsonNode held = payment(key, created.path("reference").asText()).json();
        assertThat(held.path("status").asText()).isEqualTo("failed");
        assertThat(held.path("failure_code").asText()).isEqualTo("PROVIDER_ID_MISMATCH");
        assertThat(callbackOutcomes(checkout)).containsExactly("needs_review");
    }

    @Test
    void stkQueryAnswerNamingAnotherCheckoutRequestIdIsRefusedAndRecordedForReview() {
        double before = reviews("ANSWER_MISMATCH");
        queryFaults("down"); // no query may be answered before the simulator is told to answer about another request
        // suffix 90: paid, but Safaricom never calls back; only STK Query can tell
        JsonNode created = created(initiate(key, mpesaBody("0700000090", uniqueReference())));
        String reference = created.path("reference").asText();
        String checkout = created.path("checkout_request_id").asText();
        simulator("/stk/" + checkout + "/query-answer", "{\"CheckoutRequestID\":\"ws_CO_SOMEONE_ELSE\"}");
        queryFaults("none");

        await().atMost(WAIT)
                .until(() -> count(
                                "SELECT count(*) FROM provider_callbacks WHERE kind = 'stk_query' "
                                        + "AND correlation_id = ? AND outcome = 'needs_review'",
                                checkout)
                        > 0);
        assertThat(payment(key, reference).json().path("status").asText()).isEqualTo("pending");
        assertThat(events(reference)).containsExactly("payment.initiated");
        assertThat(jdbc.queryForObject(
                        "SELECT note FROM provider_callbacks WHERE kind = 'stk_query' AND correlation_id = ? "
                                + "ORDER BY id LIMIT 1",
                        String.class,
                        checkout))
                .contains(reference)
                .contains("ws_CO_SOMEONE_ELSE");
        assertThat(reviews("ANSWER_MISMATCH")).isGreaterThan(before);

        // the refused answer blocked nothing: once Daraja answers about the payment asked about, it completes
        simulator("/stk/" + checkout + "/query-answer", "{}");
        assertThat(awaitPayment(
                                key,
                                reference,
                                p -> "completed".equals(p.path("status").asText()),
                                WAIT)
                        .path("failure_code")
                        .isNull())
                .isTrue();
        assertThat(events(reference)).containsExactly("payment.initiated", "payment.completed");
    }

    @Test
    void pushWhoseCheckoutIdWriteFailsIsCompletedByItsCallback() {
        String sequence = "lost_write_" + System.nanoTime();
        // the write of the push's ids fails once, as a crash or a database blip between push and record would
        jdbc.execute("CREATE SEQUENCE " + sequence);
        jdbc.execute("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('%1$s') = 1 THEN RAISE EXCEPTION 'simulated lost write of the checkout id'; END IF;
                    RETURN NEW;
                END $$""".formatted(sequence));
        jdbc.execute("CREATE TRIGGER " + sequence + " BEFORE UPDATE ON payments FOR EACH ROW WHEN "
                + "(OLD.checkout_request_id IS NULL AND NEW.checkout_request_id IS NOT NULL "
                + "AND NEW.merchant_reference LIKE 'LOSTWRITE-%') EXECUTE FUNCTION " + sequence + "()");
        try {
            Reply reply = initiate(key, mpesaBody(uniquePhone(), "LOSTWRITE-" + System.nanoTime()));

            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            assertThat(reply.json().path("status").asText()).isEqualTo("pending");
            String reference = reply.json().path("reference").asText();
            assertThat(count(
                            "SELECT count(*) FROM payments WHERE reference = ? AND checkout_request_id IS NULL",
                            reference))
                    .as("the ids were not recorded")
                    .isEqualTo(1);

            JsonNode completed = awaitPayment(
                    key, reference, p -> "completed".equals(p.path("status").asText()), WAIT);
            String checkout = completed.path("checkout_request_id").asText();
            assertThat(checkout).startsWith("ws_CO_");
            assertThat(completed.path("mpesa_receipt").asText()).isNotBlank();
            assertThat(callbackOutcomes(checkout)).containsExactly("applied");
            assertThat(jdbc.queryForObject(
                            "SELECT note FROM provider_callbacks WHERE correlation_id = ?", String.class, checkout))
                    .contains("found by its CallBackURL")
                    .contains(reference);
            assertThat(events(reference)).containsExactly("payment.initiated", "payment.completed");
        } finally {
            jdbc.execute("DROP TRIGGER " + sequence + " ON payments");
            jdbc.execute("DROP FUNCTION " + sequence + "()");
            jdbc.execute("DROP SEQUENCE " + sequence);
        }
    }

    @Test
    void unmatchedSuccessWithSeveralCandidatesGoesToReviewNamingThem() {
        queryFaults("down"); // nothing but the test's callback may end these payments
        String phone = uniquePhone("90"); // suffix 90: Safaricom never calls back
        // two pushes to the same phone for the same amount whose answers were lost (ids never recorded)
        String first = created202(phone);
        String second = created202(phone);
        String checkout = "ws_CO_LOST" + System.nanoTime();

        Reply ack = post(
                "/api/v1/payments/mpesa/callback/dev-callback-token",
                null,
                stkCallback(checkout, 0).replace("254708374149", "254" + phone.substring(1)),
                Map.of());

        assertThat(ack.status()).isEqualTo(200);
        assertThat(callbackOutcomes(checkout)).containsExactly("needs_review");
        assertThat(jdbc.queryForObject(
                        "SELECT note FROM provider_callbacks WHERE correlation_id = ?", String.class, checkout))
                .contains(first)
                .contains(second);
        assertThat(payment(key, first).json().path("status").asText()).isEqualTo("pending");
        assertThat(payment(key, second).json().path("status").asText()).isEqualTo("pending");
    }

    /**
     * Daraja can call back before the push's answer is recorded. The CallBackURL names the payment, so the callback
     * completes the right one even where amount and phone could not tell two pushes apart.
     */
    @Test
    void callbackOvertakingThePushAnswerFindsItsPaymentByItsUrl() {
        queryFaults("down"); // nothing but the test's callback may end these payments
        String phone = uniquePhone("90"); // suffix 90: Safaricom never calls back
        String first = created202(phone); // ids not recorded yet, as when the callback wins the race
        String second = created202(phone);
        String checkout = "ws_CO_EARLY" + System.nanoTime();

        Reply ack = post(
                "/api/v1/payments/mpesa/callback/" + first + "/dev-callback-token",
                null,
                stkCallback(checkout, "29115-EARLY-1", 0).replace("254708374149", "254" + phone.substring(1)),
                Map.of());

        assertThat(ack.status()).isEqualTo(200);
        assertThat(callbackOutcomes(checkout)).containsExactly("applied");
        JsonNode completed = payment(key, first).json();
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("checkout_request_id").asText()).isEqualTo(checkout);
        assertThat(completed.path("mpesa_receipt").asText()).isEqualTo("NLJ7RT61SV");
        assertThat(payment(key, second).json().path("status").asText()).isEqualTo("pending");
        assertThat(events(first)).containsExactly("payment.initiated", "payment.completed");
    }

    @Test
    void callbackAtAPaymentsUrlForAnotherPushIsHeldForReviewNotApplied() {
        queryFaults("down");
        JsonNode created = created(initiate(key, mpesaBody("0700000090", uniqueReference())));
        String reference = created.path("reference").asText();
        String checkout = "ws_CO_SOMEONE_ELSE" + System.nanoTime();

        Reply ack = post(
                "/api/v1/payments/mpesa/callback/" + reference + "/dev-callback-token",
                null,
                stkCallback(checkout, 0),
                Map.of());

        assertThat(ack.status()).isEqualTo(200);
        assertThat(callbackOutcomes(checkout)).containsExactly("needs_review");
        JsonNode still = payment(key, reference).json();
        assertThat(still.path("status").asText()).isEqualTo("pending");
        assertThat(still.path("checkout_request_id").asText())
                .isEqualTo(created.path("checkout_request_id").asText());
        assertThat(events(reference)).containsExactly("payment.initiated");
    }

    @Test
    void pendingPaymentWhoseStkQueryKeepsFailingExpiresWithTheLastQueryError() {
        queryFaults("down"); // from before its first query: suffix 90 is paid, and only STK Query could tell
        JsonNode created = created(initiate(key, mpesaBody("0700000090", uniqueReference())));
        String reference = created.path("reference").asText();
        String checkout = created.path("checkout_request_id").asText();
        // the expiry window (20 s in the test profile) has passed while every query failed
        jdbc.update("UPDATE payments SET created_at = now() - interval '5 minutes' WHERE reference = ?", reference);

        JsonNode expired = awaitPayment(
                key, reference, p -> "expired".equals(p.path("status").asText()), WAIT);
        assertThat(expired.path("failure_code").asText()).isEqualTo("NO_RESULT");
        assertThat(expired.path("failure_reason").asText())
                .contains("last STK Query error")
                .contains("503");
        assertThat(events(reference)).containsExactly("payment.initiated", "payment.expired");

        // the customer had paid: Safaricom's callback, however late, still completes it
        simulator("/stk/" + checkout + "/callback", "{}");
        JsonNode completed = awaitPayment(
                key, reference, p -> "completed".equals(p.path("status").asText()), WAIT);
        assertThat(completed.path("mpesa_receipt").asText()).isNotBlank();
        assertThat(completed.path("failure_code").isNull()).isTrue();
        assertThat(callbackOutcomes(checkout)).containsExactly("applied");
        assertThat(events(reference)).containsExactly("payment.initiated", "payment.expired", "payment.completed");
    }

    /** A payment whose push answer is made to get lost: ids never recorded, so it stays pending (202). */
    private String created202(String phone) {
        String reference = "LOSTANSWER-" + System.nanoTime();
        Reply reply = initiate(key, mpesaBody(phone, reference));
        assertThat(reply.status()).as(reply.body()).isIn(201, 202);
        String gateway = reply.json().path("reference").asText();
        jdbc.update(
                "UPDATE payments SET checkout_request_id = NULL, merchant_request_id = NULL WHERE reference = ?",
                gateway);
        return gateway;
    }

    private static JsonNode created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    /** A phone no other test uses, whose suffix the simulator treats as a plain success. */
    static String uniquePhone() {
        return uniquePhone("00");
    }

    /** A phone no other test uses, ending in the simulator's scenario suffix. */
    static String uniquePhone(String suffix) {
        return "07" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000)) + suffix;
    }

    private List<String> callbackOutcomes(String checkout) {
        return jdbc.queryForList(
                "SELECT outcome FROM provider_callbacks WHERE correlation_id = ? AND kind = 'stk_callback' "
                        + "ORDER BY id",
                String.class,
                checkout);
    }

    private List<String> events(String reference) {
        return jdbc.queryForList(
                "SELECT event_type FROM outbox_events WHERE aggregate_reference = ? ORDER BY id",
                String.class,
                reference);
    }

    private double reviews(String reason) {
        Counter counter = meters.find("onpoint.payment.reviews")
                .tag("provider", "mpesa")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void queryFaults(String mode) {
        assertThat(post("/sim/daraja/__sim/stk-query/faults", null, "{\"mode\":\"" + mode + "\"}", Map.of())
                        .status())
                .isEqualTo(200);
    }

    private void simulator(String path, String body) {
        Reply reply = post("/sim/daraja/__sim" + path, null, body, Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
