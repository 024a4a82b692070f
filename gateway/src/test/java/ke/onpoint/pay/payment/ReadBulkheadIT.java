package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ke.onpoint.pay.support.GatewayTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reads do not queue behind provider calls: with Daraja slower than the read timeout and more initiations in flight
 * than there are worker threads, a read is answered while every push is still waiting. Small pools make the point
 * with a handful of requests.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReadBulkheadIT extends GatewayTest {

    private static final int OWN_PORT = freePort();
    private static final int THREADS = 3;
    private static final int IN_FLIGHT = 2 * THREADS;

    @DynamicPropertySource
    static void smallPools(DynamicPropertyRegistry registry) {
        registry.add("onpoint.test.port", () -> OWN_PORT);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-bulkhead");
        registry.add("spring.task.execution.pool.core-size", () -> THREADS);
        registry.add("spring.task.execution.pool.max-size", () -> THREADS);
        registry.add("onpoint.api.provider-threads", () -> THREADS);
        registry.add("camel.component.http.so-timeout", () -> 6000);
        registry.add("camel.component.http.response-timeout", () -> 6000);
    }

    @Test
    void readsAreAnsweredWhileSlowPushesFillTheProviderPool() throws Exception {
        String key = newMerchantKey();
        assertThat(initiate(key, mpesaBody("254708374149", uniqueReference())).status())
                .isEqualTo(201); // token cached
        long pushesBefore = stkPushes();
        post("/sim/daraja/__sim/faults", null, "{\"mode\":\"slow\",\"latency_ms\":10000}", Map.of());
        ExecutorService merchants = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<Reply>> initiations = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                initiations.add(merchants.submit(() -> initiate(key, mpesaBody("254708374149", uniqueReference()))));
            }
            // every provider thread is now waiting on Daraja, and more initiations queue behind them
            Awaitility.await().until(() -> stkPushes() - pushesBefore >= THREADS);

            Reply read = get("/api/v1/payments/transactions", key);

            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(initiations)
                    .as("the read was answered while every push was still in flight")
                    .noneMatch(Future::isDone);
        } finally {
            post("/sim/daraja/__sim/faults", null, "{\"mode\":\"none\"}", Map.of());
            merchants.shutdownNow();
        }
    }

    private long stkPushes() {
        return get("/sim/daraja/__sim/stats", null).json().path("stk_pushes").asLong();
    }
}
