package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A merchant's day from payments to settlement, with every amount computed by hand: M-Pesa at 1.5 %, local cards at
 * 2.9 %, fees kept on refunds (the default), M-Pesa settleable T+1, cards T+2.
 */
class SettlementIT extends GatewayTest {

    private static final LocalDate TODAY = LocalDate.now(EastAfricaTime.ZONE);

    @Autowired
    SettlementRun run;

    @Autowired
    Settlements settlements;

    @Autowired
    Ledger ledger;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ApplicationContext context;

    private JsonNode completedMpesa(String key, String amount, String phone) {
        Reply created =
                initiate(key, mpesaBody(phone, uniqueReference()).replace("\"amount\":100", "\"amount\":" + amount));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return awaitStatus(key, created.json().path("reference").asText(), "completed");
    }

    private JsonNode completedCard(String key, String amount) {
        return payOnCheckout(key, initiateCard(key, amount));
    }

    private void refunded(String key, String reference, String amountField, String status) {
        Reply refund = post(
                "/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\"" + amountField + "}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        awaitStatus(key, reference, status);
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id "
                                        + "WHERE p.reference = ? AND r.status = 'processed'",
                                reference)
                        == 1);
    }

    private long merchantOf(String paymentReference) {
        return count("SELECT merchant_id FROM payments WHERE reference = ?", paymentReference);
    }

    private long balance(AccountKind kind, long merchantId) {
        return ledger.balance(LedgerAccount.merchant(kind, merchantId, "test", "KES"));
    }

    @Test
    void aDayOfPaymentsRefundsAndAReversalSettlesToTheExactAmounts() {
        Session owner = register();
        String key = createKey(owner, "test", "payments:write", "payments:read", "refunds:write");
        JsonNode thousand = completedMpesa(key, "1000", "0712345600");
        JsonNode reversed = completedMpesa(key, "2500", "0712345700");
        completedMpesa(key, "100", "0712345800");
        JsonNode card = completedCard(key, "1500.50");
        long merchant = merchantOf(thousand.path("reference").asText());

        // fee and net on every completed payment: 1.5 % of 1,000 and 2.9 % of 1,500.50 (43.5145, half up: 43.51)
        assertThat(thousand.path("fee").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(thousand.path("net").decimalValue()).isEqualByComparingTo("985.00");
        assertThat(card.path("fee").decimalValue()).isEqualByComparingTo("43.51");
        assertThat(card.path("net").decimalValue()).isEqualByComparingTo("1456.99");
        // captured, not settleable yet: 985 + 2,462.50 + 98.50 + 1,456.99
        assertThat(balance(AccountKind.PENDING, merchant)).isEqualTo(500_299);

        refunded(key, reversed.path("reference").asText(), "", "refunded"); // M-Pesa: a reversal of the whole payment
        refunded(key, card.path("reference").asText(), ",\"amount\":500", "partially_refunded");
        // refunds come out of available (fees kept): it is a debt until the next settlement nets it
        assertThat(balance(AccountKind.AVAILABLE, merchant)).isEqualTo(-300_000);

        // T+1: the three M-Pesa payments and both refunds; the card waits for T+2
        run.run(TODAY.plusDays(1), "test");
        Settlement first =
                settlements.of(merchant, "test", "KES", TODAY.plusDays(1)).orElseThrow();
        assertThat(first.lineCount()).isEqualTo(5);
        assertThat(first.grossMinor()).isEqualTo(360_000); // 1,000 + 2,500 + 100
        assertThat(first.feesMinor()).isEqualTo(5_400); // 15 + 37.50 + 1.50
        assertThat(first.refundsMinor()).isEqualTo(300_000); // 2,500 + 500
        assertThat(first.releasedMinor()).isEqualTo(354_600); // 985 + 2,462.50 + 98.50
        assertThat(first.netMinor()).isEqualTo(54_600); // 3,546 − 3,000
        assertThat(first.status()).isEqualTo("held");
        assertThat(first.holdReason()).isEqualTo("no_destination");
        assertThat(count("SELECT count(*) FROM settlement_lines WHERE settlement_id = ?", first.id()))
                .isEqualTo(5);
        assertThat(balance(AccountKind.PENDING, merchant)).isEqualTo(145_699);
        assertThat(balance(AccountKind.AVAILABLE, merchant)).isEqualTo(54_600);

        // a rerun of the day settles nothing twice
        long postings = count("SELECT count(*) FROM ledger_postings");
        run.run(TODAY.plusDays(1), "test");
        assertThat(count("SELECT count(*) FROM settlements WHERE merchant_id = ?", merchant))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM ledger_postings WHERE kind = 'settlement.released' AND merchant_id = ?",
                        merchant))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_postings")).isGreaterThanOrEqualTo(postings);

        // T+2, with a payout destination: the card's net joins available, and all of it that M-Pesa can carry (whole
        // shillings) goes out in one payout; the 99 cents wait in available
        Reply destination = call(
                "PUT",
                "/api/v1/merchants/me/payout-destination",
                owner.access(),
                "{\"type\":\"mpesa_phone\",\"phone\":\"254712345678\"}");
        assertThat(destination.status()).as(destination.body()).isEqualTo(200);
        run.run(TODAY.plusDays(2), "test");
        Settlement second =
                settlements.of(merchant, "test", "KES", TODAY.plusDays(2)).orElseThrow();
        assertThat(second.lineCount()).isEqualTo(1);
        assertThat(second.netMinor()).isEqualTo(145_699);
        assertThat(second.status()).isEqualTo("paying");
        assertThat(second.payoutMinor()).isEqualTo(200_200); // of 546 held yesterday + 1,456.99: KES 2,002
        assertThat(balance(AccountKind.PENDING, merchant)).isZero();
        assertThat(balance(AccountKind.AVAILABLE, merchant)).isEqualTo(99);
        assertThat(count("SELECT count(*) FROM payouts WHERE settlement_id = ? AND amount_minor = 200200", second.id()))
                .isEqualTo(1);
        // the payout routes pay it to the phone through Daraja B2C
        eventually()
                .until(
                        () -> settlements
                                .byReference(second.reference())
                                .orElseThrow()
                                .status(),
                        "paid"::equals);
        assertThat(balance(AccountKind.IN_PAYOUT, merchant)).isZero();
        assertThat(jdbc.queryForList(
                        "SELECT event_type FROM outbox_events WHERE merchant_id = ? AND event_type LIKE 'settlement.%'",
                        String.class, merchant))
                .containsExactly("settlement.created", "settlement.created");
    }

    /** Money settleable today for a new merchant: a capture posted as the payment path posts it, dated today. */
    private long merchantWithSettleableMoney(long netMinor) {
        String key = newMerchantKey();
        JsonNode payment = completedMpesa(key, "100", "0712346100");
        long merchant = merchantOf(payment.path("reference").asText());
        transactions.executeWithoutResult(tx ->
                ledger.post(Posting.of("payment.captured", "FIXTURE-" + uniqueReference(), merchant, "test")
                        .debit(LedgerAccount.clearing("mpesa", "test", "KES"), netMinor)
                        .entry(LedgerAccount.merchant(AccountKind.PENDING, merchant, "test", "KES"), -netMinor, TODAY)
                        .grossAndFee(netMinor, 0)
                        .build()));
        return merchant;
    }

    @Test
    void twoInstancesAskedAtOnceSettleADayOnce() throws Exception {
        long merchant = merchantWithSettleableMoney(70_000);
        String admin = admin(context).access();
        String body = "{\"date\":\"" + TODAY + "\"}";
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(OnPointPayApplication.class)
                .profiles("test")
                .run(
                        "--server.port=" + freePort(),
                        "--spring.quartz.properties.org.quartz.scheduler.instanceName=onpoint-pay-settle-b")) {
            int otherPort = other.getEnvironment().getProperty("local.server.port", Integer.class);
            List<CompletableFuture<Reply>> runs = List.of(port, otherPort, port, otherPort).stream()
                    .map(p -> CompletableFuture.supplyAsync(() -> send(HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + p + "/api/v1/admin/settlements/run"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + admin)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build())))
                    .toList();
            for (CompletableFuture<Reply> reply : runs) {
                assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(200);
            }
        }
        assertThat(count(
                        "SELECT count(*) FROM settlements WHERE merchant_id = ? AND settlement_date = ?",
                        merchant,
                        java.sql.Date.valueOf(TODAY)))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM ledger_postings WHERE kind = 'settlement.released' AND merchant_id = ?",
                        merchant))
                .isEqualTo(1);
        assertThat(balance(AccountKind.AVAILABLE, merchant)).isEqualTo(70_000);
    }

    @Test
    void theRunIsForAdminsAndForDaysThatHaveBegun() {
        String admin = admin(context).access();
        assertProblem(
                post("/api/v1/admin/settlements/run", admin, "{\"date\":\"" + TODAY.plusDays(1) + "\"}", Map.of()),
                422,
                "date");
        assertProblem(post("/api/v1/admin/settlements/run", admin, "{\"date\":\"30-11-2026\"}", Map.of()), 422, "date");
        assertProblem(post("/api/v1/admin/settlements/run", admin, "{\"date\":20261130}", Map.of()), 422, "date");
        assertThat(post("/api/v1/admin/settlements/run", admin, "{\"date\":", Map.of())
                        .status())
                .isEqualTo(400);
        Session owner = register();
        assertThat(post("/api/v1/admin/settlements/run", owner.access(), "{}", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(post("/api/v1/admin/settlements/run", newMerchantKey(), "{}", Map.of())
                        .status())
                .isIn(401, 403);
    }
}
