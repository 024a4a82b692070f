package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an Idempotency-Key replays when the first answer was a failure of ours, over real HTTP. */
class IdempotentReplayIT extends GatewayTest {

    private static final String FAULTY = "IDEM500-";

    @AfterEach
    void noFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS payments_injected_fault ON payments");
        jdbc.execute("DROP FUNCTION IF EXISTS payments_injected_fault()");
    }

    @Test
    void fiveHundredAfterCommitIsNeverReplayedForTheCommittedPayment() {
        // the fault: the payment is written, then every later update of it fails (as when the database drops out
        // after the commit); Daraja refuses the push (phone suffix 94), so recording the refusal fails and the first
        // request ends in an unexpected 500 (a push Daraja accepted answers 202 pending instead: its callback decides)
        jdbc.execute("""
                CREATE FUNCTION payments_injected_fault() RETURNS trigger AS $$
                BEGIN
                  IF NEW.merchant_reference LIKE '%s%%' THEN RAISE EXCEPTION 'injected fault after the commit'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(FAULTY));
        jdbc.execute("CREATE TRIGGER payments_injected_fault BEFORE UPDATE ON payments FOR EACH ROW "
                + "EXECUTE FUNCTION payments_injected_fault()");
        String key = newMerchantKey();
        String reference = FAULTY + UUID.randomUUID().toString().substring(0, 8);
        String body = mpesaBody("0700000094", reference);
        Map<String, String> idem = Map.of("Idempotency-Key", "idem-" + reference);

        Reply first = post("/api/v1/payments/initiate", key, body, idem);
        assertProblem(first, 500, null);
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_reference = ?", reference))
                .isEqualTo(1);
        noFault();

        Reply retry = post("/api/v1/payments/initiate", key, body, idem);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("merchant_reference").asText()).isEqualTo(reference);
        assertThat(retry.json().path("reference").asText())
                .isEqualTo(jdbc.queryForObject(
                        "SELECT reference FROM payments WHERE merchant_reference = ?", String.class, reference));
        assertThat(count("SELECT count(*) FROM payments WHERE merchant_reference = ?", reference))
                .isEqualTo(1);
    }

    @Test
    void fiveHundredBeforeAnythingWasWrittenReleasesTheKey() {
        String key = newMerchantKey();
        String reference = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> idem = Map.of("Idempotency-Key", "idem-" + reference);
        // the fault: the payment's insert fails
        jdbc.execute("""
                CREATE FUNCTION payments_injected_fault() RETURNS trigger AS $$
                BEGIN
                  IF NEW.merchant_reference = '%s' THEN RAISE EXCEPTION 'injected fault before the commit'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(reference));
        jdbc.execute("CREATE TRIGGER payments_injected_fault BEFORE INSERT ON payments FOR EACH ROW "
                + "EXECUTE FUNCTION payments_injected_fault()");
        assertProblem(post("/api/v1/payments/initiate", key, mpesaBody("254708374149", reference), idem), 500, null);
        noFault();

        Reply retry = post("/api/v1/payments/initiate", key, mpesaBody("254708374149", reference), idem);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
    }
}
