package ke.onpoint.pay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger as the database keeps it, pricing plans through the API, and {@code verify-ledger}. */
class LedgerIT extends GatewayTest {

    @Autowired
    LedgerVerification verification;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ApplicationContext context;

    private JsonNode completedMpesa(String key, int amount) {
        Reply created = initiate(
                key, mpesaBody("0712345600", uniqueReference()).replace("\"amount\":100", "\"amount\":" + amount));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return awaitStatus(key, created.json().path("reference").asText(), "completed");
    }

    @Test
    void entriesAndPostingsCannotBeChangedOrRemoved() {
        completedMpesa(newMerchantKey(), 100);
        assertThatThrownBy(() -> jdbc.update("UPDATE ledger_entries SET amount_minor = amount_minor + 1"))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger_entries"))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE ledger_postings SET reference = 'X'"))
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("TRUNCATE ledger_entries CASCADE"))
                .rootCause()
                .hasMessageContaining("append-only");
    }

    @Test
    void theDatabaseRefusesAPostingThatDoesNotBalance() {
        completedMpesa(newMerchantKey(), 100);
        long account = count("SELECT min(id) FROM ledger_accounts WHERE kind = 'fees'");
        assertThatThrownBy(() -> jdbc.update("""
                        WITH p AS (INSERT INTO ledger_postings (kind, reference, mode) VALUES ('correction', 'X-1', 'test')
                                   RETURNING id)
                        INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency)
                        SELECT p.id, ?, 100, 'KES' FROM p""", account)).hasMessageContaining("not balanced");
        assertThat(count("SELECT count(*) FROM ledger_postings WHERE reference = 'X-1'"))
                .isZero();
    }

    @Test
    void verificationFindsAPlantedImbalance() {
        completedMpesa(newMerchantKey(), 100);
        assertThat(verification.firstViolation()).isEmpty();
        transactions.executeWithoutResult(tx -> {
            plantOneSidedEntry();
            assertThat(verification.firstViolation())
                    .get()
                    .extracting(LedgerVerification.Violation::invariant)
                    .isEqualTo("every posting sums to zero per currency");
            tx.setRollbackOnly();
        });
        assertThat(verification.firstViolation()).isEmpty();
    }

    /** Bypasses the ledger's own triggers (replica role), as only a manual edit of the database could. */
    private long plantOneSidedEntry() {
        jdbc.execute("SET LOCAL session_replication_role = replica");
        long account = count("SELECT min(id) FROM ledger_accounts WHERE kind = 'clearing'");
        long posting = count("SELECT max(id) FROM ledger_postings");
        jdbc.update(
                "INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency) VALUES (?, ?, 1, 'KES')",
                posting,
                account);
        return count("SELECT max(id) FROM ledger_entries");
    }

    private record Run(int exitCode, String out, String err) {}

    /** {@code java -jar onpoint-pay.jar verify-ledger}, as an operator runs it beside the gateway. */
    private Run verifyLedger() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OnPointPayApplication.class.getName(),
                "verify-ledger"));
        builder.environment()
                .put(
                        "EMBEDDED_DB_DIR",
                        Path.of("target/test-postgres").toAbsolutePath().toString());
        builder.environment().put("LOG_FILE", "target/test-logs/cli.log");
        builder.environment().put("PORT", String.valueOf(port));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void verifyLedgerExitsZeroOnAGoodLedgerAndNonZeroOnTheFirstViolation() throws Exception {
        completedMpesa(newMerchantKey(), 100);
        Run good = verifyLedger();
        assertThat(good.exitCode()).as(good.err()).isZero();
        assertThat(good.out())
                .contains("The ledger holds: " + verification.invariants().size() + " invariants");

        long planted = transactions.execute(tx -> plantOneSidedEntry());
        try {
            Run bad = verifyLedger();
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).contains("ledger invariant broken: every posting sums to zero per currency");
        } finally {
            transactions.executeWithoutResult(tx -> {
                jdbc.execute("SET LOCAL session_replication_role = replica");
                jdbc.update("DELETE FROM ledger_entries WHERE id = ?", planted);
            });
        }
        assertThat(verification.firstViolation()).isEmpty();
    }

    @Test
    void adminsPriceAMerchantAndItsNextPaymentsPayThatPrice() {
        Session owner = register();
        String key = createKey(owner, "test", "payments:write", "payments:read");
        String admin = admin(context).access();
        String path = "/api/v1/admin/merchants/" + owner.merchant() + "/pricing";

        Reply set = call("PUT", path, admin, "{\"mpesa\":{\"percent\":1.2,\"fixed\":5,\"cap\":20}}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("mpesa").path("percent").decimalValue()).isEqualByComparingTo("1.2");
        assertThat(set.json().path("mpesa").path("default").asBoolean()).isFalse();
        assertThat(set.json().path("card_local").path("percent").decimalValue()).isEqualByComparingTo("2.9");
        assertThat(set.json().path("card_local").path("default").asBoolean()).isTrue();

        assertThat(completedMpesa(key, 1000).path("fee").decimalValue()).isEqualByComparingTo("17.00"); // 12 + 5
        assertThat(completedMpesa(key, 2000).path("net").decimalValue())
                .isEqualByComparingTo("1980.00"); // capped at 20
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'merchant.pricing_updated' AND target = ?",
                        owner.merchant()))
                .isEqualTo(1);

        Reply own = call("GET", "/api/v1/merchants/me/pricing", owner.access(), null);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("mpesa").path("cap").decimalValue()).isEqualByComparingTo("20");

        Reply reset = call("PUT", path, admin, "{\"mpesa\":null}");
        assertThat(reset.json().path("mpesa").path("default").asBoolean()).isTrue();
        assertThat(completedMpesa(key, 1000).path("fee").decimalValue()).isEqualByComparingTo("15.00");
    }

    @Test
    void badPricingIsAProblemNamingTheFieldAndChangesNothing() {
        Session owner = register();
        String admin = admin(context).access();
        String path = "/api/v1/admin/merchants/" + owner.merchant() + "/pricing";
        Map<String, String> cases = Map.of(
                "{\"mpesa\":{\"percent\":101}}", "mpesa.percent",
                "{\"mpesa\":{\"percent\":1.234}}", "mpesa.percent",
                "{\"mpesa\":{\"percent\":-1}}", "mpesa.percent",
                "{\"mpesa\":{\"fixed\":1}}", "mpesa.percent",
                "{\"mpesa\":{\"percent\":1,\"minimum\":30,\"cap\":20}}", "mpesa.minimum",
                "{\"mpesa\":{\"percent\":1,\"cap\":0.001}}", "mpesa.cap",
                "{\"mpesa\":{\"percent\":\"1.5\"}}", "mpesa.percent",
                "{\"bitcoin\":{\"percent\":1}}", "bitcoin",
                "{\"mpesa\":{\"percent\":1,\"discount\":2}}", "mpesa.discount",
                "{\"card_local\":{\"percent\":1},\"mpesa\":3}", "mpesa");
        cases.forEach((body, field) -> assertProblem(call("PUT", path, admin, body), 422, field));
        assertThat(count("SELECT count(*) FROM pricing_plans WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
        assertThat(call("PUT", "/api/v1/admin/merchants/mch_nope/pricing", admin, "{\"mpesa\":null}")
                        .status())
                .isEqualTo(404);
        assertThat(call("PUT", path, owner.access(), "{\"mpesa\":{\"percent\":0}}")
                        .status())
                .isEqualTo(403);
        assertThat(call("GET", path, owner.access(), null).status()).isEqualTo(403);
    }
}
