package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/** The day's usage counters under concurrency, over real HTTP against the shared database. */
class TransactionLimitsIT extends GatewayTest {

    private static final int MERCHANTS = 4;
    private static final int AT_ONCE = 8;

    @Test
    void firstConcurrentPaymentsOfTheDayAreNeverASpurious429() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            for (int m = 0; m < MERCHANTS; m++) {
                String key = newMerchantKey(); // a fresh merchant: no counter row for today yet
                CyclicBarrier together = new CyclicBarrier(AT_ONCE);
                List<Future<Reply>> initiations = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    initiations.add(pool.submit(() -> {
                        together.await();
                        return initiate(key, mpesaBody("254708374149", uniqueReference()));
                    }));
                }
                for (Future<Reply> initiation : initiations) {
                    Reply reply = initiation.get();
                    assertThat(reply.status()).as(reply.body()).isNotEqualTo(429);
                }
                long merchantId = jdbc.queryForObject(
                        "SELECT merchant_id FROM api_keys WHERE key_hash = sha256(?::bytea)", Long.class, key);
                assertThat(count(
                                "SELECT payments FROM merchant_daily_usage WHERE merchant_id = ? AND payment_method = '*'",
                                merchantId))
                        .isEqualTo(count("SELECT count(*) FROM payments WHERE merchant_id = ?", merchantId));
            }
        } finally {
            pool.shutdown();
        }
    }
}
