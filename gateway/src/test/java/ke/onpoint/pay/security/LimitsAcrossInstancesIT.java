package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rate limits per key and transaction limits per merchant hold across two gateway instances sharing one database:
 * requests alternate between them, and the limit is counted once, not once per instance. A key revoked through one
 * instance is refused by the other at once.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LimitsAcrossInstancesIT extends GatewayTest {

    private static final int OWN_PORT = freePort();

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void ownInstance(DynamicPropertyRegistry registry) {
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-limits-a");
        registry.add("onpoint.test.port", () -> OWN_PORT);
    }

    @Test
    void limitsAreSharedByBothInstances() throws Exception {
        int otherPort = freePort();
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(OnPointPayApplication.class)
                .profiles("test")
                .run(
                        "--server.port=" + otherPort,
                        "--spring.quartz.properties.org.quartz.scheduler.instanceName=onpoint-pay-limits-b")) {
            Session owner = register();
            Session admin = admin(context);
            String key = createKey(owner, "test", "payments:write", "payments:read");
            int[] ports = {port, otherPort};

            // requests per minute for the merchant's keys, set by an admin (and audited)
            Reply set = call(
                    "PUT",
                    "/api/v1/admin/merchants/" + owner.merchant() + "/limits",
                    admin.access(),
                    "{\"requests_per_minute\":10,\"transaction_limits\":[{\"payment_method\":\"mpesa\",\"daily_count\":4},"
                            + "{\"payment_method\":\"*\",\"max_amount\":500}]}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(get("/api/v1/merchants/me/limits", owner.access())
                            .json()
                            .path("requests_per_minute")
                            .asInt())
                    .isEqualTo(10);
            assertThat(count(
                            "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'merchant.limits_updated' "
                                    + "AND actor = ?",
                            owner.merchantId(),
                            admin.email()))
                    .isEqualTo(1);

            awayFromMinuteEnd();
            // a payment that is refused after its reservation (a reused reference) gives the reservation back
            String reference = uniqueReference();
            assertThat(postTo(port, "/api/v1/payments/initiate", key, mpesaBody("254708374149", reference))
                            .status())
                    .isEqualTo(201);
            assertProblem(
                    postTo(otherPort, "/api/v1/payments/initiate", key, mpesaBody("254708374149", reference)),
                    409,
                    "reference");

            // six payments at once, three through each instance: the 3 left of the daily count of 4 go to exactly 3
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Reply>> initiations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int instance = ports[i % 2];
                Callable<Reply> initiation = () -> postTo(
                        instance, "/api/v1/payments/initiate", key, mpesaBody("254708374149", uniqueReference()));
                initiations.add(pool.submit(initiation));
            }
            List<Reply> answers = new ArrayList<>();
            for (Future<Reply> f : initiations) {
                answers.add(f.get());
            }
            pool.shutdown();
            assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(3);
            List<Reply> refused =
                    answers.stream().filter(r -> r.status() == 429).toList();
            assertThat(refused).hasSize(3).allSatisfy(r -> {
                assertThat(r.json().path("limit").asText()).isEqualTo("daily_count");
                assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 86_400L);
            });
            assertThat(count("SELECT count(*) FROM payments WHERE merchant_id = ?", owner.merchantId()))
                    .isEqualTo(4);
            // the counters live in an unlogged table: lost in a database crash, they are rebuilt from the day's
            // payments
            jdbc.execute("TRUNCATE merchant_daily_usage");
            Reply afterCrash = postTo(
                    otherPort,
                    "/api/v1/payments/initiate",
                    createKey(owner, "test", "payments:write"),
                    mpesaBody("254708374149", uniqueReference()));
            assertProblem(afterCrash, 429, null);
            assertThat(afterCrash.json().path("limit").asText()).isEqualTo("daily_count");
            // larger than the merchant's largest payment: refused naming the amount, whichever instance
            Reply tooLarge = postTo(
                    otherPort,
                    "/api/v1/payments/initiate",
                    key,
                    mpesaBody("254708374149", uniqueReference()).replace("\"amount\":100", "\"amount\":600"));
            assertProblem(tooLarge, 422, "amount");

            // 9 requests so far this minute (every request counts, refused ones too); 8 more alternating instances:
            // 1 passes, 7 are refused
            int passed = 0;
            List<Reply> limited = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Reply reply = getFrom(ports[i % 2], "/api/v1/payments/transactions", key);
                if (reply.status() == 200) {
                    passed++;
                } else {
                    limited.add(reply);
                }
            }
            assertThat(passed).isEqualTo(1);
            assertThat(limited).hasSize(7).allSatisfy(r -> {
                assertProblem(r, 429, null);
                assertThat(r.json().path("limit").asText()).isEqualTo("requests_per_minute");
                assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
            });
            // another key of another merchant is not affected
            assertThat(getFrom(otherPort, "/api/v1/payments/transactions", newMerchantKey())
                            .status())
                    .isEqualTo(200);

            // a key revoked through one instance is refused by the other at once
            String second = createKey(owner, "test", "payments:read");
            assertThat(getFrom(otherPort, "/api/v1/payments/transactions", second)
                            .status())
                    .isEqualTo(200);
            String secondId = jdbc.queryForObject(
                    "SELECT public_id FROM api_keys WHERE prefix = ? AND merchant_id = ?",
                    String.class,
                    second.substring(0, 12),
                    owner.merchantId());
            assertThat(call("DELETE", "/api/v1/merchants/me/api-keys/" + secondId, owner.access(), null)
                            .status())
                    .isEqualTo(200);
            assertProblem(getFrom(otherPort, "/api/v1/payments/transactions", second), 401, null);
        }
    }

    /**
     * The minute window must not roll over in the middle of the test: in a minute's last 20 seconds, wait for the next
     * minute (the window is the database clock's minute, so that clock is the event).
     */
    private void awayFromMinuteEnd() {
        eventually()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        jdbc.queryForObject("SELECT localtime", LocalTime.class).getSecond() <= 40);
    }

    private static Reply postTo(int instance, String path, String key, String body) {
        return callAt(instance, "POST", path, key, body, Map.of());
    }

    private static Reply getFrom(int instance, String path, String key) {
        return callAt(instance, "GET", path, key, null, Map.of());
    }
}
