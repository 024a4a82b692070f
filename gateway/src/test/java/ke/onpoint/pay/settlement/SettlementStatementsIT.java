package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /settlements and /settlements/{reference} over HTTP. The payments are real (gateway, Daraja simulator, ledger);
 * the settlements are written here with SQL, as the daily settlement run would write them, until that run exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementStatementsIT extends MerchantMoneyTest {

    private static final LocalDate TODAY = LocalDate.now(EastAfricaTime.ZONE);

    private Merchant merchant;
    private String paidSettlement;
    private String failedSettlement;
    private String heldSettlement;
    private String firstPayment;
    private String secondPayment;

    @BeforeAll
    void aMerchantWithThreeSettlements() {
        merchant = merchant();
        firstPayment = paid(merchant.liveKey(), 1_000).path("reference").asText(); // fee 15.00, net 985.00
        secondPayment = paid(merchant.liveKey(), 2_000).path("reference").asText(); // fee 30.00, net 1970.00
        String third = paid(merchant.liveKey(), 500).path("reference").asText(); // fee 7.50, net 492.50
        long id = merchant.owner().merchantId();
        paidSettlement = settle(id, TODAY.minusDays(2), "paid", null, List.of(firstPayment, secondPayment));
        jdbc.update(
                """
                INSERT INTO payouts (reference, settlement_id, merchant_id, mode, amount_minor, currency, destination_type,
                    destination, destination_display, provider, status, provider_reference, provider_receipt, sent_at,
                    completed_at)
                SELECT 'PO' || s.reference, s.id, s.merchant_id, s.mode, s.net_minor, s.currency, 'mpesa_phone',
                    'enc:v1:not-shown', 'M-Pesa 2547•••••678', 'mpesa', 'paid', 'AG_20240131_0001', 'QKL1A2B3C4',
                    now(), now()
                FROM settlements s WHERE s.reference = ?""",
                paidSettlement);
        failedSettlement = settle(id, TODAY.minusDays(1), "payout_failed", null, List.of(third));
        jdbc.update(
                """
                INSERT INTO payouts (reference, settlement_id, merchant_id, mode, amount_minor, currency, destination_type,
                    destination, destination_display, provider, status, failure_code, failure_reason)
                SELECT 'PO' || s.reference, s.id, s.merchant_id, s.mode, s.net_minor, s.currency, 'mpesa_phone',
                    'enc:v1:not-shown', 'M-Pesa 2547•••••678', 'mpesa', 'failed', '2001',
                    'The initiator information is invalid.'
                FROM settlements s WHERE s.reference = ?""",
                failedSettlement);
        heldSettlement = settle(id, TODAY, "held", "below_minimum", List.of());
    }

    /** A settlement of the merchant's live pending entries of these payments, as the settlement run writes one. */
    private String settle(long merchantId, LocalDate day, String status, String holdReason, List<String> payments) {
        String reference = "STL" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        Map<String, Object> sums = jdbc.queryForMap(
                """
                SELECT count(*) AS n, COALESCE(sum(p.gross_minor), 0) AS gross, COALESCE(sum(p.fee_minor), 0) AS fees,
                       COALESCE(-sum(e.amount_minor), 0) AS net
                FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id
                JOIN ledger_accounts a ON a.id = e.account_id
                WHERE a.merchant_id = ? AND a.mode = 'live' AND a.kind = 'pending' AND p.reference = ANY (?::text[])""",
                merchantId,
                "{" + String.join(",", payments) + "}");
        jdbc.update(
                """
                INSERT INTO settlements (reference, merchant_id, mode, currency, settlement_date, status, hold_reason,
                    line_count, gross_minor, fees_minor, refunds_minor, net_minor, payout_minor)
                VALUES (?, ?, 'live', 'KES', ?, ?, ?, ?, ?, ?, 0, ?, ?)""",
                reference,
                merchantId,
                day,
                status,
                holdReason,
                ((Number) sums.get("n")).intValue(),
                sums.get("gross"),
                sums.get("fees"),
                sums.get("net"),
                "held".equals(status) ? null : sums.get("net"));
        jdbc.update(
                """
                INSERT INTO settlement_lines (entry_id, settlement_id, kind, reference, gross_minor, fee_minor, net_minor,
                    occurred_at)
                SELECT e.id, s.id, p.kind, p.reference, p.gross_minor, p.fee_minor, -e.amount_minor, e.created_at
                FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id
                JOIN ledger_accounts a ON a.id = e.account_id, settlements s
                WHERE a.merchant_id = ? AND a.mode = 'live' AND a.kind = 'pending' AND p.reference = ANY (?::text[])
                  AND s.reference = ?""",
                merchantId,
                "{" + String.join(",", payments) + "}",
                reference);
        return reference;
    }

    @Test
    void theListIsNewestFirstFilteredAndPaged() {
        Reply all = get("/api/v1/settlements", merchant.liveKey());
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(references(all.json().path("data")))
                .containsExactly(heldSettlement, failedSettlement, paidSettlement);
        JsonNode paid = all.json().at("/data/2");
        assertThat(paid.path("status").asText()).isEqualTo("paid");
        assertThat(paid.path("settlement_date").asText()).isEqualTo(TODAY.minusDays(2).toString());
        assertThat(paid.path("line_count").asInt()).isEqualTo(2);
        assertThat(paid.path("gross").asText()).isEqualTo("3000.00");
        assertThat(paid.path("fees").asText()).isEqualTo("45.00");
        assertThat(paid.path("net").asText()).isEqualTo("2955.00");
        assertThat(paid.path("payout_amount").asText()).isEqualTo("2955.00");
        assertThat(paid.at("/payout/status").asText()).isEqualTo("paid");
        JsonNode held = all.json().at("/data/0");
        assertThat(held.path("hold_reason").asText()).isEqualTo("below_minimum");
        assertThat(held.path("payout").isNull()).isTrue();

        assertThat(references(get("/api/v1/settlements?status=payout_failed", merchant.liveKey()).json().path("data")))
                .containsExactly(failedSettlement);
        assertThat(references(get("/api/v1/settlements?date_from=" + TODAY.minusDays(2) + "&date_to=" + TODAY.minusDays(1),
                                merchant.liveKey())
                        .json().path("data")))
                .containsExactly(failedSettlement, paidSettlement);

        Reply page1 = get("/api/v1/settlements?limit=2", merchant.liveKey());
        assertThat(page1.json().path("has_more").asBoolean()).isTrue();
        Reply page2 = get("/api/v1/settlements?limit=2&cursor=" + page1.json().path("next_cursor").asText(),
                merchant.liveKey());
        assertThat(references(page2.json().path("data"))).containsExactly(paidSettlement);
        assertThat(page2.json().path("has_more").asBoolean()).isFalse();
    }

    @Test
    void aSettlementShowsItsLinesAndItsPayout() {
        Reply reply = get("/api/v1/settlements/" + paidSettlement, merchant.liveKey());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode settlement = reply.json();
        assertThat(settlement.path("reference").asText()).isEqualTo(paidSettlement);
        assertThat(settlement.path("net").asText()).isEqualTo("2955.00");
        JsonNode lines = settlement.at("/lines/data");
        assertThat(lines.findValuesAsText("reference")).containsExactly(firstPayment, secondPayment);
        assertThat(lines.get(0).path("kind").asText()).isEqualTo("payment.captured");
        assertThat(lines.get(0).path("gross").asText()).isEqualTo("1000.00");
        assertThat(lines.get(0).path("fee").asText()).isEqualTo("15.00");
        assertThat(lines.get(0).path("net").asText()).isEqualTo("985.00");
        assertThat(lines.get(1).path("net").asText()).isEqualTo("1970.00");
        assertThat(lines.get(0).path("occurred_at").asText()).isNotBlank();
        JsonNode payout = settlement.path("payout");
        assertThat(payout.path("reference").asText()).isEqualTo("PO" + paidSettlement);
        assertThat(payout.path("status").asText()).isEqualTo("paid");
        assertThat(payout.path("amount").asText()).isEqualTo("2955.00");
        assertThat(payout.path("destination").asText()).isEqualTo("M-Pesa 2547•••••678");
        assertThat(payout.path("provider_receipt").asText()).isEqualTo("QKL1A2B3C4");
        assertThat(reply.body()).doesNotContain("enc:v1");

        Reply failed = get("/api/v1/settlements/" + failedSettlement, merchant.liveKey());
        assertThat(failed.json().at("/payout/status").asText()).isEqualTo("failed");
        assertThat(failed.json().at("/payout/failure_reason").asText()).isEqualTo("The initiator information is invalid.");

        // its lines page like any list
        Reply firstLine = get("/api/v1/settlements/" + paidSettlement + "?limit=1", merchant.liveKey());
        assertThat(firstLine.json().at("/lines/data").findValuesAsText("reference")).containsExactly(firstPayment);
        Reply secondLine = get("/api/v1/settlements/" + paidSettlement + "?limit=1&cursor="
                + firstLine.json().at("/lines/next_cursor").asText(), merchant.liveKey());
        assertThat(secondLine.json().at("/lines/data").findValuesAsText("reference")).containsExactly(secondPayment);
        assertThat(secondLine.json().at("/lines/has_more").asBoolean()).isFalse();
    }

    @Test
    void theCsvHasAHeaderEveryLineAndTheTotals() {
        Reply csv = get("/api/v1/settlements/" + paidSettlement + "?format=csv", merchant.liveKey());
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("settlement-" + paidSettlement + ".csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).isEqualTo("kind,reference,occurred_at,gross,fee,net");
        assertThat(rows[1]).startsWith("payment.captured," + firstPayment + ",").endsWith(",1000.00,15.00,985.00");
        assertThat(rows[1].split(",")[2]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+03:00");
        assertThat(rows[2]).startsWith("payment.captured," + secondPayment + ",").endsWith(",2000.00,30.00,1970.00");
        assertThat(rows[3]).isEqualTo("total," + paidSettlement + ",,3000.00,45.00,2955.00");

        Reply empty = get("/api/v1/settlements/" + heldSettlement + "?format=csv", merchant.liveKey());
        assertThat(empty.body()).isEqualTo("kind,reference,occurred_at,gross,fee,net\r\ntotal," + heldSettlement
                + ",,0.00,0.00,0.00\r\n");
    }

    @Test
    void anotherMerchantsOrTheOtherModesSettlementIsNotFound() {
        Merchant other = merchant();
        assertProblem(get("/api/v1/settlements/" + paidSettlement, other.liveKey()), 404, null);
        assertProblem(get("/api/v1/settlements/" + paidSettlement + "?format=csv", other.liveKey()), 404, null);
        assertThat(get("/api/v1/settlements", other.liveKey()).json().path("data")).isEmpty();
        // the merchant's own test key: live settlements are not test money's
        assertProblem(get("/api/v1/settlements/" + paidSettlement, merchant.testKey()), 404, null);
        assertThat(get("/api/v1/settlements", merchant.testKey()).json().path("data")).isEmpty();
        assertProblem(get("/api/v1/settlements/STL-NOPE", merchant.liveKey()), 404, null);
        // the dashboard sees it in live mode only
        assertThat(getWith("/api/v1/settlements/" + paidSettlement, merchant.owner().access(),
                                Map.of("X-OnPoint-Mode", "live"))
                        .status())
                .isEqualTo(200);
        assertProblem(get("/api/v1/settlements/" + paidSettlement, merchant.owner().access()), 404, null);
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        String key = merchant.liveKey();
        assertProblem(get("/api/v1/settlements?status=sent", key), 422, "status");
        assertProblem(get("/api/v1/settlements?limit=0", key), 422, "limit");
        assertProblem(get("/api/v1/settlements?limit=-5", key), 422, "limit");
        assertProblem(get("/api/v1/settlements?cursor=@@@", key), 422, "cursor");
        assertProblem(get("/api/v1/settlements?date_from=yesterday", key), 422, "date_from");
        assertProblem(get("/api/v1/settlements?date_from=2024-03-02&date_to=2024-03-01", key), 422, "date_to");
        assertProblem(get("/api/v1/settlements/" + paidSettlement + "?format=xlsx", key), 422, "format");
        assertProblem(get("/api/v1/settlements/" + paidSettlement + "?limit=1001", key), 422, "limit");
        assertProblem(get("/api/v1/settlements/" + paidSettlement + "?cursor=bad", key), 422, "cursor");
    }
}
