package ke.onpoint.pay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.Test;

/**
 * The summaries' daily rollup: days before today are summed once and read back, and a change to one of their
 * payments (a refund, a late correction) is in the next summary.
 */
class PaymentDayTotalsIT extends MerchantMoneyTest {

    private static final LocalDate TODAY = LocalDate.now(EastAfricaTime.ZONE);

    @Test
    void earlierDaysAreRolledUpAndAChangeToTheirPaymentsIsSummedAgain() {
        Merchant merchant = merchant();
        String paid = pay(merchant.liveKey(), 1_000, PAYS, null);
        String refunded = pay(merchant.liveKey(), 400, PAYS, null);
        String failed = pay(merchant.liveKey(), 100, FAILS, null);
        String recent = pay(merchant.liveKey(), 50, PAYS, null);
        awaitStatus(merchant.liveKey(), paid, "completed");
        awaitStatus(merchant.liveKey(), refunded, "completed");
        awaitStatus(merchant.liveKey(), failed, "failed");
        awaitStatus(merchant.liveKey(), recent, "completed");
        // three of them five days ago (East Africa): summed in the rollup; today's are summed live
        LocalDate day = TODAY.minusDays(5);
        jdbc.update(
                "UPDATE payments SET created_at = created_at - interval '5 days' WHERE reference IN (?, ?, ?)",
                paid,
                refunded,
                failed);

        // and one of yesterday, a minute before midnight, still pending (no callback yet; its check a day away)
        String crossing = pay(merchant.liveKey(), 70, "0712345690", null);
        jdbc.update(
                "UPDATE payments SET created_at = ?, next_check_at = now() + interval '1 day' WHERE reference = ?",
                Timestamp.from(
                        TODAY.atStartOfDay(EastAfricaTime.ZONE).toInstant().minusSeconds(60)),
                crossing);

        JsonNode summary = summary(merchant, TODAY.minusDays(6));
        assertThat(dayOf(summary, TODAY.minusDays(1)).path("pending_count").asLong())
                .isEqualTo(1);
        // 1,000.00 and 400.00 paid (fees 15.00 and 6.00), 100.00 failed: on their day, and today's 50.00 (fee 0.75)
        assertFigures(dayOf(summary, day), 3, 2, 1, "1400.00", "21.00", "0.00");
        assertFigures(dayOf(summary, TODAY), 1, 1, 0, "50.00", "0.75", "0.00");
        assertFigures(dayOf(summary, TODAY.minusDays(3)), 0, 0, 0, "0.00", "0.00", "0.00");
        assertFigures(summary.at("/totals/0"), 5, 3, 1, "1450.00", "21.75", "0.00");
        assertFigures(summary.at("/by_method/0"), 5, 3, 1, "1450.00", "21.75", "0.00");
        // the days before today are rolled up (a marker each, also without payments); today is not
        assertThat(count(
                        "SELECT count(*) FROM payment_day_totals WHERE merchant_id = ? AND currency = ''",
                        merchant.owner().merchantId()))
                .isEqualTo(6);
        assertThat(count(
                        "SELECT count(*) FROM payment_day_totals WHERE merchant_id = ? AND day >= ?",
                        merchant.owner().merchantId(),
                        java.sql.Date.valueOf(TODAY)))
                .isZero();
        // and read from there: a rolled-up figure changed by hand shows
        jdbc.update(
                "UPDATE payment_day_totals SET payments = 30 WHERE merchant_id = ? AND day = ? AND currency = 'KES'",
                merchant.owner().merchantId(),
                java.sql.Date.valueOf(day));
        assertThat(dayOf(summary(merchant, TODAY.minusDays(6)), day)
                        .path("count")
                        .asLong())
                .isEqualTo(30);

        // a refund of one of that day's payments takes the day out of the rollup: summed again, refund included
        Reply refund =
                post("/api/v1/payments/refund", merchant.liveKey(), "{\"reference\":\"" + refunded + "\"}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        awaitStatus(merchant.liveKey(), refunded, "refunded");
        summary = summary(merchant, TODAY.minusDays(6));
        assertFigures(dayOf(summary, day), 3, 2, 1, "1400.00", "21.00", "400.00");
        assertFigures(summary.at("/totals/0"), 5, 3, 1, "1450.00", "21.75", "400.00");

        // so does any other change of what is summed, by whatever writes it (here a status corrected by hand)
        jdbc.update("UPDATE payments SET status = 'cancelled' WHERE reference = ?", failed);
        JsonNode corrected = dayOf(summary(merchant, TODAY.minusDays(6)), day);
        assertFigures(corrected, 3, 2, 0, "1400.00", "21.00", "400.00");
        assertThat(corrected.path("cancelled_count").asLong()).isEqualTo(1);

        // yesterday's payment still pending at midnight, decided after yesterday was rolled up
        jdbc.update("UPDATE payments SET status = 'cancelled' WHERE reference = ?", crossing);
        JsonNode decided = dayOf(summary(merchant, TODAY.minusDays(6)), TODAY.minusDays(1));
        assertThat(decided.path("pending_count").asLong()).isZero();
        assertThat(decided.path("cancelled_count").asLong()).isEqualTo(1);

        // another mode's summary has its own rollup: nothing here
        JsonNode test = get(
                        "/api/v1/reports/summary?date_from=" + TODAY.minusDays(6) + "&date_to=" + TODAY,
                        merchant.testKey())
                .json();
        assertFigures(test.at("/totals/0"), 0, 0, 0, "0.00", "0.00", "0.00");
    }

    private JsonNode summary(Merchant merchant, LocalDate from) {
        Reply reply = get("/api/v1/reports/summary?date_from=" + from + "&date_to=" + TODAY, merchant.liveKey());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode dayOf(JsonNode summary, LocalDate day) {
        for (JsonNode figures : summary.path("by_day")) {
            if (figures.path("date").asText().equals(day.toString())) {
                return figures;
            }
        }
        throw new AssertionError("no " + day + " in " + summary);
    }

    private static void assertFigures(
            JsonNode figures, long count, long completed, long failed, String volume, String fees, String refunds) {
        assertThat(figures.path("currency").asText()).isEqualTo("KES");
        assertThat(figures.path("count").asLong()).isEqualTo(count);
        assertThat(figures.path("completed_count").asLong()).isEqualTo(completed);
        assertThat(figures.path("failed_count").asLong()).isEqualTo(failed);
        assertThat(figures.path("volume").asText()).isEqualTo(volume);
        assertThat(figures.path("fees").asText()).isEqualTo(fees);
        assertThat(figures.path("refunds").asText()).isEqualTo(refunds);
    }
}
