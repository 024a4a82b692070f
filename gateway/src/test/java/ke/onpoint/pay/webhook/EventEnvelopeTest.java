package ke.onpoint.pay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import ke.onpoint.pay.api.ApiJson;
import org.junit.jupiter.api.Test;

/** The envelope webhooks and Kafka carry: the stored payload goes out with its amounts as they were written. */
class EventEnvelopeTest {

    @Test
    void webhookAndKafkaEnvelopeCarriesAmountsAsPlainDecimalsNotOneEPlusTwo() throws Exception {
        // what PostgreSQL gives back for the jsonb payload of a KES 100 payment, merchant metadata included
        String stored = "{\"amount\": 100.00, \"amount_refunded\": 0.00, \"metadata\": {\"rating\": 4.5, \"count\": 3},"
                + " \"reference\": \"TXN1\"}";

        String envelope =
                EventEnvelope.json(new ApiJson(), "evt_1", "payment.completed", Instant.ofEpochSecond(1), stored);

        assertThat(envelope)
                .contains("\"amount\":100.00")
                .contains("\"amount_refunded\":0.00")
                .doesNotContain("1E+2")
                .doesNotContain("\"amount_refunded\":0,")
                .contains("\"metadata\":{\"rating\":4.5,\"count\":3}"); // the merchant's own numbers are left alone
        // compact, the envelope's fields first, the payload in its stored order: the signed bytes merchants get
        assertThat(envelope)
                .isEqualTo(
                        "{\"id\":\"evt_1\",\"type\":\"payment.completed\",\"created\":1,\"data\":{\"amount\":100.00,"
                                + "\"amount_refunded\":0.00,\"metadata\":{\"rating\":4.5,\"count\":3},\"reference\":\"TXN1\"}}");
    }
}
