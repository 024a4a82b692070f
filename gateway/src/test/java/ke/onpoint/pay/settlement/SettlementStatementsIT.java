package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * GET /settlements and /settlements/{reference} over HTTP, for settlements the daily run made of payments through the
 * gateway and the simulators (test mode: M-Pesa T+1 at 1.5 %, cards T+2 at 2.9 %). The payout routes are not on main
 * yet: a payout's outcome (paid with a receipt, or failed and its money back in available) is written here as they
 * will write it, in the run's own transaction, so no payout route ever sees it queued.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementStatementsIT extends MerchantMoneyTest {

    private static final LocalDate TODAY = LocalDate.now(EastAfricaTime.ZONE);

    @Autowired
    SettlementRun run;

    @Autowired
    Ledger ledger;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ke.onpoint.pay.ledger.LedgerVerification verification;

    private Merchant merchant;
    private Merchant other;
    private String paid;
    private String failed;
    private String held;
    private String first;
    private String second;
    private String card;

    @BeforeAll
    void settlementsOfTwoDays() {
        merchant = merchant();
        other = merchant();
        jdbc.update(
                "INSERT INTO payout_destinations (merchant_id, type, details, display) VALUES (?, 'mpesa_phone', ?, ?)",
                merchant.owner().merchantId(),
                "sealed",
                "M-Pesa 2547•••••678");
        first = paid(merchant.testKey(), 1_000).path("reference").asText(); // fee 15.00, net 985.00
        second = paid(merchant.testKey(), 2_000).path("reference").asText(); // fee 30.00, net 1,970.00
        card = paidByCard(merchant.testKey(), "1500.50").path("reference").asText(); // 2.9 %: 43.51, net 1,456.99
        paid(other.testKey(), 500); // no payout destination: held

        // T+1: both M-Pesa payments, one payout of 2,955.00 that M-Pesa pays
        transactions.executeWithoutResult(tx -> {
            run.run(TODAY.plusDays(1), "test");
            payoutEnds("paid", "QKL1A2B3C4", null, null);
        });
        // T+2: the card, one payout of 1,456.99 that fails: its money is back in available
        transactions.executeWithoutResult(tx -> {
            run.run(TODAY.plusDays(2), "test");
            payoutEnds("failed", null, "2001", "The initiator information is invalid.");
        });
        paid = reference(merchant, TODAY.plusDays(1));
        failed = reference(merchant, TODAY.plusDays(2));
        held = reference(other, TODAY.plusDays(1));
    }

    private JsonNode paidByCard(String key, String amount) {
        return payOnCheckout(key, initiateCard(key, amount));
    }

    /** The merchant's queued payout ends as the payout routes end one: its status, and its posting. */
    private void payoutEnds(String status, String receipt, String code, String reason) {
        long merchantId = merchant.owner().merchantId();
        Map<String, Object> payout = jdbc.queryForMap("""
                UPDATE payouts SET status = ?, provider_receipt = ?, failure_code = ?, failure_reason = ?,
                    next_check_at = NULL, sent_at = now(), completed_at = now()
                WHERE merchant_id = ? AND status = 'queued' RETURNING reference, amount_minor, settlement_id""", status, receipt, code, reason, merchantId);
        String reference = (String) payout.get("reference");
        long amount = ((Number) payout.get("amount_minor")).longValue();
        LedgerAccount inPayout = LedgerAccount.merchant(AccountKind.IN_PAYOUT, merchantId, "test", "KES");
        ledger.post(Posting.of("payout." + status, reference, merchantId, "test")
                .debit(inPayout, amount)
                .credit(
                        status.equals("paid")
                                ? LedgerAccount.clearing("mpesa", "test", "KES")
                                : LedgerAccount.merchant(AccountKind.AVAILABLE, merchantId, "test", "KES"),
                        amount)
                .build());
        jdbc.update(
                "UPDATE settlements SET status = ? WHERE id = ?",
                status.equals("paid") ? "paid" : "payout_failed",
                payout.get("settlement_id"));
    }

    private String reference(Merchant owner, LocalDate day) {
        return jdbc.queryForObject(
                "SELECT reference FROM settlements WHERE merchant_id = ? AND mode = 'test' AND settlement_date = ?",
                String.class,
                owner.owner().merchantId(),
                day);
    }

    @Test
    void theListIsNewestFirstFilteredAndPaged() {
        Reply all = get("/api/v1/settlements", merchant.testKey());
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(references(all.json().path("data"))).containsExactly(failed, paid);
        JsonNode day1 = all.json().at("/data/1");
        assertThat(day1.path("status").asText()).isEqualTo("paid");
        assertThat(day1.path("mode").asText()).isEqualTo("test");
        assertThat(day1.path("settlement_date").asText())
                .isEqualTo(TODAY.plusDays(1).toString());
        assertThat(day1.path("line_count").asInt()).isEqualTo(2);
        assertThat(day1.path("gross").asText()).isEqualTo("3000.00");
        assertThat(day1.path("fees").asText()).isEqualTo("45.00");
        assertThat(day1.path("refunds").asText()).isEqualTo("0.00");
        assertThat(day1.path("net").asText()).isEqualTo("2955.00");
        assertThat(day1.path("payout_amount").asText()).isEqualTo("2955.00");
        assertThat(day1.at("/payout/status").asText()).isEqualTo("paid");
        JsonNode day2 = all.json().at("/data/0");
        assertThat(day2.path("status").asText()).isEqualTo("payout_failed");
        assertThat(day2.path("net").asText()).isEqualTo("1456.99");

        JsonNode heldOne = get("/api/v1/settlements", other.testKey()).json().at("/data/0");
        assertThat(heldOne.path("reference").asText()).isEqualTo(held);
        assertThat(heldOne.path("status").asText()).isEqualTo("held");
        assertThat(heldOne.path("hold_reason").asText()).isEqualTo("no_destination");
        assertThat(heldOne.path("payout").isNull()).isTrue();

        assertThat(references(get("/api/v1/settlements?status=payout_failed", merchant.testKey())
                        .json()
                        .path("data")))
                .containsExactly(failed);
        String day = TODAY.plusDays(1).toString();
        assertThat(references(get("/api/v1/settlements?date_from=" + day + "&date_to=" + day, merchant.testKey())
                        .json()
                        .path("data")))
                .containsExactly(paid);

        Reply page1 = get("/api/v1/settlements?limit=1", merchant.testKey());
        assertThat(references(page1.json().path("data"))).containsExactly(failed);
        assertThat(page1.json().path("has_more").asBoolean()).isTrue();
        Reply page2 = get(
                "/api/v1/settlements?limit=1&cursor="
                        + page1.json().path("next_cursor").asText(),
                merchant.testKey());
        assertThat(references(page2.json().path("data"))).containsExactly(paid);
        assertThat(page2.json().path("has_more").asBoolean()).isFalse();
    }

    @Test
    void aSettlementShowsItsLinesAndItsPayout() {
        Reply reply = get("/api/v1/settlements/" + paid, merchant.testKey());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode settlement = reply.json();
        assertThat(settlement.path("reference").asText()).isEqualTo(paid);
        assertThat(settlement.path("net").asText()).isEqualTo("2955.00");
        JsonNode lines = settlement.at("/lines/data");
        assertThat(lines.findValuesAsText("reference")).containsExactly(first, second);
        assertThat(lines.get(0).path("kind").asText()).isEqualTo("payment.captured");
        assertThat(lines.get(0).path("gross").asText()).isEqualTo("1000.00");
        assertThat(lines.get(0).path("fee").asText()).isEqualTo("15.00");
        assertThat(lines.get(0).path("net").asText()).isEqualTo("985.00");
        assertThat(lines.get(1).path("net").asText()).isEqualTo("1970.00");
        assertThat(lines.get(0).path("occurred_at").asText()).isNotBlank();
        JsonNode payout = settlement.path("payout");
        assertThat(payout.path("reference").asText()).startsWith("PO");
        assertThat(payout.path("status").asText()).isEqualTo("paid");
        assertThat(payout.path("amount").asText()).isEqualTo("2955.00");
        assertThat(payout.path("destination").asText()).isEqualTo("M-Pesa 2547•••••678");
        assertThat(payout.path("provider").asText()).isEqualTo("mpesa");
        assertThat(payout.path("provider_receipt").asText()).isEqualTo("QKL1A2B3C4");
        assertThat(reply.body()).doesNotContain("sealed");

        JsonNode cardDay =
                get("/api/v1/settlements/" + failed, merchant.testKey()).json();
        assertThat(cardDay.at("/lines/data/0/reference").asText()).isEqualTo(card);
        assertThat(cardDay.at("/lines/data/0/gross").asText()).isEqualTo("1500.50");
        assertThat(cardDay.at("/lines/data/0/fee").asText()).isEqualTo("43.51");
        assertThat(cardDay.at("/payout/status").asText()).isEqualTo("failed");
        assertThat(cardDay.at("/payout/failure_reason").asText()).isEqualTo("The initiator information is invalid.");

        // its lines page like any list
        Reply firstLine = get("/api/v1/settlements/" + paid + "?limit=1", merchant.testKey());
        assertThat(firstLine.json().at("/lines/data").findValuesAsText("reference"))
                .containsExactly(first);
        Reply secondLine = get(
                "/api/v1/settlements/" + paid + "?limit=1&cursor="
                        + firstLine.json().at("/lines/next_cursor").asText(),
                merchant.testKey());
        assertThat(secondLine.json().at("/lines/data").findValuesAsText("reference"))
                .containsExactly(second);
        assertThat(secondLine.json().at("/lines/has_more").asBoolean()).isFalse();
    }

    @Test
    void theBalanceAndTheLedgerLinesFollowTheSettlementsAndPayouts() {
        JsonNode kes = get("/api/v1/balance", merchant.testKey()).json().at("/data/0");
        assertThat(kes.path("pending").asText()).isEqualTo("0.00");
        assertThat(kes.path("available").asText()).isEqualTo("1456.99"); // the failed payout's money is back
        assertThat(kes.path("in_payout").asText()).isEqualTo("0.00");
        assertThat(kes.path("next_settlement").isNull()).isTrue();

        JsonNode lines = get("/api/v1/balance/transactions?limit=100", merchant.testKey())
                .json()
                .path("data");
        assertThat(lines.findValuesAsText("kind"))
                .containsExactly(
                        "payout.failed",
                        "payout.failed", // in_payout out, available in
                        "payout.queued",
                        "payout.queued",
                        "settlement.released",
                        "settlement.released",
                        "payout.paid",
                        "payout.queued",
                        "payout.queued",
                        "settlement.released",
                        "settlement.released",
                        "payment.captured",
                        "payment.captured",
                        "payment.captured");
        JsonNode back = get("/api/v1/balance/transactions?kind=payout.failed&account=available", merchant.testKey())
                .json()
                .path("data");
        assertThat(back).hasSize(1);
        // M-Pesa carries whole shillings: 1,456.00 went out and came back, the 0.99 never left available
        assertThat(back.at("/0/amount").asText()).isEqualTo("1456.00");
        assertThat(back.at("/0/reference").asText()).startsWith("PO");
        assertThat(verification.firstViolation()).as("verify-ledger").isEmpty();
    }

    @Test
    void theCsvHasAHeaderEveryLineAndTheTotals() {
        Reply csv = get("/api/v1/settlements/" + paid + "?format=csv", merchant.testKey());
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("settlement-" + paid + ".csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).isEqualTo("kind,reference,occurred_at,gross,fee,net");
        assertThat(rows[1]).startsWith("payment.captured," + first + ",").endsWith(",1000.00,15.00,985.00");
        assertThat(rows[1].split(",")[2]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+03:00");
        assertThat(rows[2]).startsWith("payment.captured," + second + ",").endsWith(",2000.00,30.00,1970.00");
        assertThat(rows[3]).isEqualTo("total," + paid + ",,3000.00,45.00,2955.00");

        Reply cardDay = get("/api/v1/settlements/" + failed + "?format=csv", merchant.testKey());
        assertThat(cardDay.body()).endsWith("\r\ntotal," + failed + ",,1500.50,43.51,1456.99\r\n");
    }

    @Test
    void anotherMerchantsOrTheOtherModesSettlementIsNotFound() {
        assertProblem(get("/api/v1/settlements/" + paid, other.testKey()), 404, null);
        assertProblem(get("/api/v1/settlements/" + paid + "?format=csv", other.testKey()), 404, null);
        assertProblem(get("/api/v1/settlements/" + held, merchant.testKey()), 404, null);
        assertThat(references(get("/api/v1/settlements", other.testKey()).json().path("data")))
                .containsExactly(held);
        // the merchant's own live key: test settlements are not live money
        assertProblem(get("/api/v1/settlements/" + paid, merchant.liveKey()), 404, null);
        assertThat(get("/api/v1/settlements", merchant.liveKey()).json().path("data"))
                .isEmpty();
        assertThat(get("/api/v1/balance", merchant.liveKey()).json().path("data"))
                .isEmpty();
        assertProblem(get("/api/v1/settlements/STL-NOPE", merchant.testKey()), 404, null);
        // the dashboard sees it in test mode only
        assertThat(get("/api/v1/settlements/" + paid, merchant.owner().access()).status())
                .isEqualTo(200);
        assertProblem(
                getWith("/api/v1/settlements/" + paid, merchant.owner().access(), Map.of("X-OnPoint-Mode", "live")),
                404,
                null);
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        String key = merchant.testKey();
        assertProblem(get("/api/v1/settlements?status=sent", key), 422, "status");
        assertProblem(get("/api/v1/settlements?limit=0", key), 422, "limit");
        assertProblem(get("/api/v1/settlements?limit=-5", key), 422, "limit");
        assertProblem(get("/api/v1/settlements?cursor=@@@", key), 422, "cursor");
        assertProblem(get("/api/v1/settlements?date_from=yesterday", key), 422, "date_from");
        assertProblem(get("/api/v1/settlements?date_from=2024-03-02&date_to=2024-03-01", key), 422, "date_to");
        assertProblem(get("/api/v1/settlements/" + paid + "?format=xlsx", key), 422, "format");
        assertProblem(get("/api/v1/settlements/" + paid + "?limit=1001", key), 422, "limit");
        assertProblem(get("/api/v1/settlements/" + paid + "?cursor=bad", key), 422, "cursor");
    }
}
