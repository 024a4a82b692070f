package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code register-c2b-urls} run as the README says, without {@code PORT}, beside a gateway that listens on another
 * port: it registers that gateway's URLs with that gateway's simulator, not port 8000's. A database of its own, so
 * this gateway is the only one PostgreSQL lists for it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "onpoint.embedded-db.database=" + RegisterC2bUrlsPortIT.DATABASE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RegisterC2bUrlsPortIT extends GatewayTest {

    static final String DATABASE = "onpoint_c2b_port";
    private static final int OWN_PORT = freePort();

    @DynamicPropertySource
    static void ownPort(DynamicPropertyRegistry registry) {
        registry.add("onpoint.test.port", () -> OWN_PORT);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-c2b-port");
    }

    @Test
    void registerC2bUrlsWithoutPortTargetsTheRunningGatewaysPortNot8000() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OnPointPayApplication.class.getName(),
                "register-c2b-urls");
        builder.environment().remove("PORT");
        builder.environment().remove("MPESA_BASE_URL");
        builder.environment()
                .put(
                        "EMBEDDED_DB_DIR",
                        Path.of("target/test-postgres").toAbsolutePath().toString());
        builder.environment().put("ONPOINT_EMBEDDED_DB_DATABASE", DATABASE);
        builder.environment().put("LOG_FILE", "target/test-logs/cli.log");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(out + err).isZero();
        assertThat(out)
                .contains("http://localhost:" + port + "/api/v1/payments/c2b/confirmation/")
                .doesNotContain(":8000/");
        Reply registrations = get("/sim/daraja/__sim/c2b/registrations", null);
        List<String> urls = registrations.json().findValuesAsText("confirmation_url");
        assertThat(urls)
                .as(registrations.body())
                .anySatisfy(url ->
                        assertThat(url).startsWith("http://localhost:" + port + "/api/v1/payments/c2b/confirmation/"));
    }
}
