package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import ke.onpoint.pay.support.MerchantMoneyTest;
import ke.onpoint.pay.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries belong to the mode of what they report: a caller in test mode neither sees nor replays the live
 * ones (nor the other way round), as with payments.
 */
class WebhookModesIT extends MerchantMoneyTest {

    private static final Map<String, String> LIVE = Map.of("X-OnPoint-Mode", "live");
    private static final String DELIVERIES = "/api/v1/webhooks/deliveries";

    @Test
    void eachModeListsShowsAndReplaysOnlyItsOwnDeliveries() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Merchant merchant = merchant();
            jdbc.update(
                    "UPDATE merchants SET webhook_url = ? WHERE id = ?",
                    receiver.url(),
                    merchant.owner().merchantId());
            String live = paid(merchant.liveKey(), 100).path("reference").asText();
            String test = paid(merchant.testKey(), 100).path("reference").asText();
            // initiated and completed, each delivered
            eventually().until(() -> count("""
                                    SELECT count(*) FROM webhook_deliveries d JOIN outbox_events o ON o.event_id = d.event_id
                                    WHERE o.aggregate_reference IN (?, ?) AND d.status = 'delivered'""", live, test) == 4);
            assertThat(count(
                            "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND mode = 'live'", live))
                    .isEqualTo(2);

            String token = merchant.owner().access();
            assertThat(references(call("GET", DELIVERIES + "?limit=100", token, null, Map.of())))
                    .containsOnly(test)
                    .hasSize(2);
            Reply liveList = call("GET", DELIVERIES + "?limit=100", token, null, LIVE);
            assertThat(references(liveList)).containsOnly(live).hasSize(2);

            String liveDelivery = liveList.json().at("/data/0/id").asText();
            assertThat(call("GET", DELIVERIES + "/" + liveDelivery, token, null, Map.of())
                            .status())
                    .isEqualTo(404);
            assertThat(call("POST", DELIVERIES + "/" + liveDelivery + "/replay", token, null, Map.of())
                            .status())
                    .isEqualTo(404);
            assertThat(count(
                            "SELECT count(*) FROM webhook_deliveries WHERE public_id = ? AND status = 'pending'",
                            liveDelivery))
                    .as("the refused replay changed nothing")
                    .isZero();

            Reply replayed = call("POST", DELIVERIES + "/" + liveDelivery + "/replay", token, null, LIVE);
            assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
            assertThat(replayed.json().path("reference").asText()).isEqualTo(live);
        }
    }

    private static List<String> references(Reply list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return StreamSupport.stream(list.json().path("data").spliterator(), false)
                .map(d -> d.path("reference").asText())
                .toList();
    }
}
