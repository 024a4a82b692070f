package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/**
 * {@code create-merchant} as an operator runs it: a separate JVM beside the running gateway, reusing its embedded
 * PostgreSQL. It prints a working test key once, on its own line, exits 0, and refuses bad or duplicate input.
 */
class CreateMerchantCommandIT extends GatewayTest {

    private record Run(int exitCode, List<String> out, String err) {}

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OnPointPayApplication.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment()
                .put(
                        "EMBEDDED_DB_DIR",
                        Path.of("target/test-postgres").toAbsolutePath().toString());
        builder.environment().put("LOG_FILE", "target/test-logs/cli.log");
        builder.environment()
                .put("MPESA_BASE_URL", "http://localhost:" + port + "/sim/daraja"); // the running gateway's simulator
        builder.environment().put("PORT", String.valueOf(port)); // several test gateways share this database
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(), out.lines().filter(l -> !l.isBlank()).toList(), err);
    }

    @Test
    void createsAMerchantWhoseKeyAuthenticatesAndIsStoredHashed() throws Exception {
        String email = "cli-" + System.nanoTime() + "@acme.test";
        Run run = run("create-merchant", "--name", "Acme Ltd", "--email", email);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> keys = run.out().stream()
                .filter(l -> l.matches("sk_test_[0-9A-Za-z]{32}"))
                .toList();
        assertThat(keys).as(run.out().toString()).hasSize(1);
        assertThat(run.out().stream().filter(l -> l.contains("sk_test_"))).hasSize(1);
        String key = keys.get(0);
        assertThat(get("/api/v1/payments/transactions", key).status()).isEqualTo(200);
        assertThat(count(
                        "SELECT count(*) FROM api_keys WHERE prefix = ? AND key_hash = sha256(?::bytea)",
                        key.substring(0, 12),
                        key))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM api_keys WHERE encode(key_hash, 'escape') LIKE ?", "%" + key + "%"))
                .isZero();
        assertThat(initiate(key, mpesaBody("0712345678", uniqueReference())).status())
                .isEqualTo(201);

        Run again = run("create-merchant", "--name=Second", "--email=" + email.toUpperCase());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(count("SELECT count(*) FROM merchants WHERE lower(email) = lower(?)", email))
                .isEqualTo(1);
    }

    @Test
    void registerC2bUrlsRegistersWithDarajaAndReportsARepeatInProductionClearly() throws Exception {
        Run first = run("register-c2b-urls");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(String.join("\n", first.out()))
                .contains("C2B URLs registered for shortcode 600984")
                .contains("/api/v1/payments/c2b/confirmation/");

        post("/sim/daraja/__sim/c2b/production-mode", null, "{\"enabled\":true}", java.util.Map.of());
        try {
            Run again = run("register-c2b-urls");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(String.join("\n", again.out())).contains("already registered");
        } finally {
            post("/sim/daraja/__sim/c2b/production-mode", null, "{\"enabled\":false}", java.util.Map.of());
        }
    }

    @Test
    void anOwnerPasswordGivesTheMerchantALoginAndCreateAdminMakesAnAdmin() throws Exception {
        String email = "owner-cli-" + System.nanoTime() + "@acme.test";
        Run run = run("create-merchant", "--name", "Owned Ltd", "--email", email, "--owner-password", PASSWORD);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("its owner logs in as " + email);
        Session owner = login(email, PASSWORD);
        assertThat(get("/api/v1/merchants/me", owner.access())
                        .json()
                        .path("business_name")
                        .asText())
                .isEqualTo("Owned Ltd");

        String adminEmail = "admin-cli-" + System.nanoTime() + "@onpoint.test";
        Run admin = run("create-admin", "--email", adminEmail, "--password", PASSWORD);
        assertThat(admin.exitCode()).as(admin.err()).isZero();
        Session staff = login(adminEmail, PASSWORD);
        assertThat(get("/api/v1/admin/kyc-documents", staff.access()).status()).isEqualTo(200);

        Run weak = run("create-admin", "--email", "weak-" + adminEmail, "--password", "short");
        assertThat(weak.exitCode()).isEqualTo(2);
        assertThat(weak.err()).contains("at least 10 characters");
        // no terminal to ask at, and no --password: refused with the usage
        assertThat(run("create-admin", "--email", "none-" + adminEmail).exitCode())
                .isEqualTo(2);
    }

    @Test
    void badUsageExitsTwoWithoutStartingAnything() throws Exception {
        Run noEmail = run("create-merchant", "--name", "No Email");
        assertThat(noEmail.exitCode()).isEqualTo(2);
        assertThat(noEmail.err()).contains("usage: create-merchant");
        assertThat(run("create-merchant", "--name", "X", "--email", "not-an-email")
                        .exitCode())
                .isEqualTo(2);
    }
}
