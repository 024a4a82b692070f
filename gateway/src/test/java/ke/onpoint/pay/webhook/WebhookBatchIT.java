package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ke.onpoint.pay.support.GatewayTest;
import ke.onpoint.pay.support.WebhookReceiver;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deliveries go out a batch at a time (one claim, concurrent POSTs, one statement recording every attempt): each
 * delivery of a batch still gets its own attempt record and its own retry, and concurrent claimers never share one.
 */
class WebhookBatchIT extends GatewayTest {

    private static final String DELIVERY_ROUTE = "webhook-deliveries";

    @Autowired
    private CamelContext camel;

    @Autowired
    private WebhookDeliveries deliveries;

    @Test
    void aBatchWithOneRefusingTargetRecordsEveryAttemptAndRetriesOnlyThatTarget() throws Exception {
        String key = newMerchantKey();
        try (WebhookReceiver ok = WebhookReceiver.answering(200);
                WebhookReceiver noContent = WebhookReceiver.answering(204);
                WebhookReceiver refusing = WebhookReceiver.answering(500)) {
            List<String> references = new ArrayList<>();
            // the three payments' six deliveries wait until the route runs again, then go out in one batch
            camel.getRouteController().stopRoute(DELIVERY_ROUTE);
            try {
                for (WebhookReceiver receiver : List.of(ok, noContent, refusing)) {
                    String body = mpesaBody("0712349" + (references.size() + 1) + "00", uniqueReference())
                            .replace("\"metadata\"", "\"callback_url\":\"" + receiver.url() + "\",\"metadata\"");
                    Reply created = initiate(key, body);
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    references.add(created.json().path("reference").asText());
                }
                for (String reference : references) {
                    awaitStatus(key, reference, "completed");
                }
                eventually().until(() -> pending(references) == 6);
                // the wait with the route stopped must not eat the test profile's 6 s retry window (as a replay)
                jdbc.update(
                        "UPDATE webhook_deliveries d SET window_started_at = now() FROM outbox_events o "
                                + "WHERE o.event_id = d.event_id AND o.aggregate_reference = ANY(?::text[])",
                        "{" + String.join(",", references) + "}");
            } finally {
                camel.getRouteController().startRoute(DELIVERY_ROUTE);
            }

            eventually()
                    .until(() ->
                            ok.delivered().size() == 2 && noContent.delivered().size() == 2);
            eventually().until(() -> attempts(references.get(2), 500) >= 4); // both refused events, retried
            // one attempt each for the delivered ones, with their own status; the refused ones wait for a retry
            assertThat(jdbc.queryForList(
                            "SELECT d.url, d.status, d.attempts, d.last_status_code, d.last_error, "
                                    + "a.status_code, a.response_excerpt, a.error, a.latency_ms >= 0 AS timed "
                                    + "FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                                    + "JOIN webhook_attempts a ON a.delivery_id = d.id "
                                    + "WHERE o.aggregate_reference = ANY(?::text[]) AND d.url <> ?",
                            "{" + String.join(",", references) + "}",
                            refusing.url()))
                    .hasSize(4)
                    .allSatisfy(row -> {
                        assertThat(row.get("status")).isEqualTo("delivered");
                        assertThat(row.get("attempts")).isEqualTo(1);
                        assertThat(row.get("last_status_code")).isEqualTo(row.get("status_code"));
                        assertThat(row.get("last_error")).isNull();
                        assertThat(row.get("error")).isNull();
                        assertThat(row.get("timed")).isEqualTo(true);
                        assertThat(row.get("status_code"))
                                .isEqualTo(row.get("url").equals(ok.url()) ? 200 : 204);
                    });
            assertThat(jdbc.queryForList(
                            "SELECT a.status_code, a.response_excerpt, a.error, d.last_error, d.status "
                                    + "FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                                    + "JOIN outbox_events o ON o.event_id = d.event_id WHERE o.aggregate_reference = ?",
                            references.get(2)))
                    .allSatisfy(row -> {
                        assertThat(row.get("status_code")).isEqualTo(500);
                        assertThat(row.get("response_excerpt")).isEqualTo("{\"seen\":500}");
                        assertThat(row.get("error")).isNull(); // answered: the status and excerpt say it
                        assertThat(row.get("last_error")).isEqualTo("HTTP 500");
                    });

            refusing.answer(204);
            eventually().until(() -> refusing.delivered().size() == 2);
            eventually()
                    .until(() -> count(
                                    "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o "
                                            + "ON o.event_id = d.event_id WHERE o.aggregate_reference = ANY(?::text[]) "
                                            + "AND d.status = 'delivered'",
                                    "{" + String.join(",", references) + "}")
                            == 6);
            assertThat(ok.deliveriesPerEvent().values()).containsOnly(1L);
            assertThat(noContent.deliveriesPerEvent().values()).containsOnly(1L);
            assertThat(refusing.deliveriesPerEvent().values()).containsOnly(1L);
            assertThat(count(
                            "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                                    + "JOIN outbox_events o ON o.event_id = d.event_id "
                                    + "WHERE o.aggregate_reference = ? AND a.status_code = 204",
                            references.get(2)))
                    .isEqualTo(2);
        }
    }

    @Test
    void concurrentClaimersNeverTakeTheSameDelivery() throws Exception {
        String key = newMerchantKey();
        long merchantId = jdbc.queryForObject(
                "SELECT merchant_id FROM api_keys WHERE key_hash = sha256(?::bytea)", Long.class, key);
        int events = 120;
        try (WebhookReceiver receiver = WebhookReceiver.answering(204)) {
            jdbc.update("UPDATE merchants SET webhook_url = ? WHERE id = ?", receiver.url(), merchantId);
            camel.getRouteController().stopRoute(DELIVERY_ROUTE);
            Map<Long, Integer> claims = new ConcurrentHashMap<>();
            try {
                // the outbox's own fan-out turns them into deliveries while nobody sends them
                String batch = "BATCH" + System.nanoTime();
                jdbc.update(
                        "INSERT INTO outbox_events (event_id, merchant_id, mode, aggregate_reference, event_type, "
                                + "payload) SELECT 'evt_' || ? || g, ?, 'test', ? || g, 'payment.completed', "
                                + "jsonb_build_object('reference', ? || g) FROM generate_series(1, ?) g",
                        batch,
                        merchantId,
                        batch,
                        batch,
                        events);
                eventually()
                        .until(() -> count(
                                        "SELECT count(*) FROM webhook_deliveries WHERE merchant_id = ? "
                                                + "AND status = 'pending'",
                                        merchantId)
                                == events);

                int claimers = 4;
                CyclicBarrier together = new CyclicBarrier(claimers);
                ExecutorService threads = Executors.newFixedThreadPool(claimers);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int c = 0; c < claimers; c++) {
                        running.add(threads.submit(() -> {
                            for (int round = 0; round < 10; round++) {
                                together.await(PATIENCE.toSeconds(), TimeUnit.SECONDS); // all claim at once
                                for (WebhookDeliveries.Due due : deliveries.claimDue(7, Duration.ofMinutes(5))) {
                                    claims.merge(due.id(), 1, Integer::sum);
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> claimer : running) {
                        claimer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    }
                } finally {
                    threads.shutdownNow();
                }
            } finally {
                camel.getRouteController().startRoute(DELIVERY_ROUTE);
            }
            long mine = count("SELECT count(*) FROM webhook_deliveries WHERE merchant_id = ?", merchantId);
            assertThat(mine).isEqualTo(events);
            // 4 claimers x 10 rounds x 7 = 280 slots for 120 deliveries: every one was taken, by one claimer, once
            assertThat(claims.keySet())
                    .containsExactlyInAnyOrderElementsOf(jdbc.queryForList(
                            "SELECT id FROM webhook_deliveries WHERE merchant_id = ?", Long.class, merchantId));
            assertThat(claims.values()).containsOnly(1);
            assertThat(receiver.delivered())
                    .as("leased for 5 minutes: nothing sent meanwhile")
                    .isEmpty();
        }
    }

    private long pending(List<String> references) {
        return count(
                "SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id "
                        + "WHERE o.aggregate_reference = ANY(?::text[]) AND d.status = 'pending' AND d.attempts = 0",
                "{" + String.join(",", references) + "}");
    }

    private long attempts(String reference, int status) {
        return count(
                "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                        + "JOIN outbox_events o ON o.event_id = d.event_id "
                        + "WHERE o.aggregate_reference = ? AND a.status_code = ?",
                reference,
                status);
    }
}
