package ke.onpoint.pay.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.Test;

/** GET /balance and /balance/transactions over HTTP: payments through the gateway and the Daraja simulator. */
class BalanceIT extends MerchantMoneyTest {

    @Test
    void aCompletedPaymentShowsItsFeeAndNetAndThePendingBalanceGrowsByTheNet() {
        Merchant merchant = merchant();
        Reply before = get("/api/v1/balance", merchant.liveKey());
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(before.json().path("mode").asText()).isEqualTo("live");
        assertThat(before.json().path("data")).isEmpty();

        JsonNode payment = paid(merchant.liveKey(), 1_000);
        assertThat(payment.path("amount").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(payment.path("fee").asText()).isEqualTo("15.00");
        assertThat(payment.path("net").asText()).isEqualTo("985.00");

        JsonNode kes = eventually()
                .until(() -> get("/api/v1/balance", merchant.liveKey()).json().path("data"), d -> d.size() == 1)
                .get(0);
        assertThat(kes.path("currency").asText()).isEqualTo("KES");
        assertThat(kes.path("pending").asText()).isEqualTo("985.00");
        assertThat(kes.path("available").asText()).isEqualTo("0.00");
        assertThat(kes.path("in_payout").asText()).isEqualTo("0.00");
        // M-Pesa settles T+1: the day after the payment completed, in Nairobi
        String tomorrow = LocalDate.now(EastAfricaTime.ZONE).plusDays(1).toString();
        assertThat(kes.path("next_settlement").path("date").asText()).isEqualTo(tomorrow);
        assertThat(kes.path("next_settlement").path("amount").asText()).isEqualTo("985.00");

        // a second payment adds its net: 1.5 % of 250.00 is 3.75
        paid(merchant.liveKey(), 250);
        JsonNode after =
                get("/api/v1/balance", merchant.liveKey()).json().path("data").get(0);
        assertThat(after.path("pending").asText()).isEqualTo("1231.25");
        assertThat(after.path("next_settlement").path("amount").asText()).isEqualTo("1231.25");
        assertThat(after.path("settling")).hasSize(1);
    }

    @Test
    void testMoneyNeverShowsInTheLiveBalanceAndTheDashboardReadsTheModeItAsksFor() {
        Merchant merchant = merchant();
        paid(merchant.testKey(), 400); // test mode: fee 6.00, net 394.00
        paid(merchant.liveKey(), 100); // live: fee 1.50, net 98.50

        assertThat(get("/api/v1/balance", merchant.testKey())
                        .json()
                        .at("/data/0/pending")
                        .asText())
                .isEqualTo("394.00");
        assertThat(get("/api/v1/balance", merchant.liveKey())
                        .json()
                        .at("/data/0/pending")
                        .asText())
                .isEqualTo("98.50");
        // a dashboard login works in test mode unless it asks for live
        Reply dashboardTest = get("/api/v1/balance", merchant.owner().access());
        assertThat(dashboardTest.json().path("mode").asText()).isEqualTo("test");
        assertThat(dashboardTest.json().at("/data/0/pending").asText()).isEqualTo("394.00");
        Reply dashboardLive = getWith("/api/v1/balance", merchant.owner().access(), Map.of("X-OnPoint-Mode", "live"));
        assertThat(dashboardLive.json().at("/data/0/pending").asText()).isEqualTo("98.50");

        Reply liveLines = get("/api/v1/balance/transactions", merchant.liveKey());
        assertThat(liveLines.json().path("data")).hasSize(1);
        assertThat(liveLines.json().at("/data/0/amount").asText()).isEqualTo("98.50");
    }

    @Test
    void ledgerLinesAreTheMerchantsEntriesNewestFirstPagedByCursor() {
        Merchant merchant = merchant();
        String first = paid(merchant.liveKey(), 1_000).path("reference").asText();
        String second = paid(merchant.liveKey(), 200).path("reference").asText();
        paid(merchant().liveKey(), 300); // another merchant's lines never show

        Reply page1 = get("/api/v1/balance/transactions?limit=1", merchant.liveKey());
        assertThat(page1.status()).as(page1.body()).isEqualTo(200);
        JsonNode line = page1.json().at("/data/0");
        assertThat(line.path("reference").asText()).isEqualTo(second);
        assertThat(line.path("kind").asText()).isEqualTo("payment.captured");
        assertThat(line.path("account").asText()).isEqualTo("pending");
        assertThat(line.path("amount").asText()).isEqualTo("197.00");
        assertThat(line.path("gross").asText()).isEqualTo("200.00");
        assertThat(line.path("fee").asText()).isEqualTo("3.00");
        assertThat(line.path("currency").asText()).isEqualTo("KES");
        assertThat(line.path("settle_on").asText())
                .isEqualTo(LocalDate.now(EastAfricaTime.ZONE).plusDays(1).toString());
        assertThat(page1.json().path("has_more").asBoolean()).isTrue();

        Reply page2 = get(
                "/api/v1/balance/transactions?limit=1&cursor="
                        + page1.json().path("next_cursor").asText(),
                merchant.liveKey());
        assertThat(page2.json().at("/data/0/reference").asText()).isEqualTo(first);
        assertThat(page2.json().at("/data/0/amount").asText()).isEqualTo("985.00");
        assertThat(page2.json().path("has_more").asBoolean()).isFalse();
        assertThat(page2.json().path("next_cursor").isNull()).isTrue();

        String today = LocalDate.now(EastAfricaTime.ZONE).toString();
        assertThat(get(
                                "/api/v1/balance/transactions?kind=payment.captured&account=pending&date_from=" + today
                                        + "&date_to=" + today,
                                merchant.liveKey())
                        .json()
                        .path("data"))
                .hasSize(2);
        assertThat(get("/api/v1/balance/transactions?kind=payout.paid", merchant.liveKey())
                        .json()
                        .path("data"))
                .isEmpty();
        assertThat(get("/api/v1/balance/transactions?account=available", merchant.liveKey())
                        .json()
                        .path("data"))
                .isEmpty();
        String yesterday = LocalDate.now(EastAfricaTime.ZONE).minusDays(1).toString();
        assertThat(get("/api/v1/balance/transactions?date_to=" + yesterday, merchant.liveKey())
                        .json()
                        .path("data"))
                .isEmpty();
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        String key = merchant().liveKey();
        assertProblem(get("/api/v1/balance/transactions?limit=-1", key), 422, "limit");
        assertProblem(get("/api/v1/balance/transactions?limit=lots", key), 422, "limit");
        assertProblem(get("/api/v1/balance/transactions?cursor=not-a-cursor", key), 422, "cursor");
        // a cursor of another list (the payments list writes "p<id>") is not this list's
        assertProblem(get("/api/v1/balance/transactions?cursor=cDEy", key), 422, "cursor");
        assertProblem(get("/api/v1/balance/transactions?date_from=2024-02-30", key), 422, "date_from");
        assertProblem(get("/api/v1/balance/transactions?date_from=2024-03-02&date_to=2024-03-01", key), 422, "date_to");
        assertProblem(get("/api/v1/balance/transactions?account=savings", key), 422, "account");
        assertProblem(get("/api/v1/balance/transactions?kind=DROP%20TABLE", key), 422, "kind");
        assertProblem(get("/api/v1/balance/transactions?currency=shillings", key), 422, "currency");
        assertProblem(get("/api/v1/balance", null), 401, null);
        String writeOnly = createKey(register(), "test", "payments:write");
        assertProblem(get("/api/v1/balance", writeOnly), 403, null);
    }
}
