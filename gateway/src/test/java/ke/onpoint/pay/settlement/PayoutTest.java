package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.support.GatewayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What payout tests share: a merchant with a payout destination (set through the API) and a settlement whose payout
 * is queued as the settlement run leaves it (settlement row, queued payout, payout.queued posting, one transaction),
 * and the ledger's figures in minor units.
 */
abstract class PayoutTest extends GatewayTest {

    static final String MODE = "test";
    private static final AtomicInteger DAYS_BACK = new AtomicInteger();

    @Autowired
    Ledger ledger;

    @Autowired
    PayoutDestinations destinations;

    @Autowired
    PayoutRails rails;

    @Autowired
    TransactionTemplate transactions;

    /** A payout of the merchant as the settlement run creates it. */
    record Queued(String reference, String settlement, long settlementId) {}

    /** Sets the destination as the merchant's owner does; returns the masked display the API answered. */
    String setDestination(Session owner, String body) {
        Reply reply = call("PUT", "/api/v1/merchants/me/payout-destination", owner.access(), body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("display").asText();
    }

    /**
     * Money the merchant has available ({@code fundedMinor}, from the provider's clearing) and a settlement (of no
     * lines: the money is funded directly) paying {@code payoutMinor} of it to its destination, in {@code status} (queued, or what a crashed gateway left).
     */
    Queued queue(long merchantId, long fundedMinor, long payoutMinor, String status) {
        PayoutDestination destination = destinations.of(merchantId).orElseThrow();
        String provider = rails.forDestination(destination).orElseThrow().provider();
        // as the settlement run writes them: PO, the day, 14 upper-case hex digits
        String reference = "PO20260101"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        String settlement =
                "stl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        long[] settlementId = new long[1];
        transactions.executeWithoutResult(tx -> {
            ledger.post(Posting.of("test.funded", reference, merchantId, MODE)
                    .debit(LedgerAccount.clearing(provider, MODE, "KES"), fundedMinor)
                    .credit(account(merchantId, AccountKind.AVAILABLE), fundedMinor)
                    .build());
            settlementId[0] = jdbc.queryForObject(
                    """
                    INSERT INTO settlements (reference, merchant_id, mode, currency, settlement_date, status, line_count,
                        gross_minor, fees_minor, refunds_minor, net_minor, released_minor, payout_minor)
                    VALUES (?, ?, ?, 'KES', ?, 'paying', 0, 0, 0, 0, 0, 0, ?) RETURNING id""",
                    Long.class,
                    settlement,
                    merchantId,
                    MODE,
                    LocalDate.now().minusDays(DAYS_BACK.incrementAndGet()),
                    payoutMinor);
            jdbc.update(
                    """
                    INSERT INTO payouts (reference, settlement_id, merchant_id, mode, amount_minor, currency,
                        destination_type, destination, destination_display, provider, status, next_check_at)
                    VALUES (?, ?, ?, ?, ?, 'KES', ?, ?, ?, ?, ?, now() + CASE WHEN ? = 'queued' THEN interval '0'
                        ELSE interval '1 hour' END)""",
                    reference,
                    settlementId[0],
                    merchantId,
                    MODE,
                    payoutMinor,
                    destination.type(),
                    jdbc.queryForObject(
                            "SELECT details FROM payout_destinations WHERE merchant_id = ?", String.class, merchantId),
                    destination.display(),
                    provider,
                    status,
                    status);
            ledger.post(Posting.of("payout.queued", reference, merchantId, MODE)
                    .debit(account(merchantId, AccountKind.AVAILABLE), payoutMinor)
                    .credit(account(merchantId, AccountKind.IN_PAYOUT), payoutMinor)
                    .build());
        });
        return new Queued(reference, settlement, settlementId[0]);
    }

    static LedgerAccount account(long merchantId, AccountKind kind) {
        return LedgerAccount.merchant(kind, merchantId, MODE, "KES");
    }

    long balance(long merchantId, AccountKind kind) {
        return ledger.balance(account(merchantId, kind));
    }

    String payoutStatus(String reference) {
        return jdbc.queryForObject("SELECT status FROM payouts WHERE reference = ?", String.class, reference);
    }

    String settlementStatus(long settlementId) {
        return jdbc.queryForObject("SELECT status FROM settlements WHERE id = ?", String.class, settlementId);
    }

    String awaitPayout(String reference, String status) {
        return eventually().until(() -> payoutStatus(reference), status::equals);
    }

    /** The signed amount of the posting's entry on that account (debits positive), 0 when it has none. */
    long entry(String kind, String reference, LedgerAccount account) {
        return jdbc.queryForObject("""
                SELECT COALESCE(sum(e.amount_minor), 0) FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id
                JOIN ledger_accounts a ON a.id = e.account_id WHERE p.kind = ? AND p.reference = ? AND a.code = ?""", Long.class, kind, reference, account.code());
    }

    long postings(String kind, String reference) {
        return count("SELECT count(*) FROM ledger_postings WHERE kind = ? AND reference = ?", kind, reference);
    }

    /** The merchant's webhook URL, set through the API. */
    void webhookTo(Session owner, String url) {
        Reply reply = call("PUT", "/api/v1/merchants/me/webhook", owner.access(), "{\"url\":\"" + url + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** The Daraja simulator's record of payouts sent under this OriginatorConversationID. */
    JsonNode simulatedPayout(String originatorConversationId) {
        return get("/sim/daraja/__sim/payouts?originator_conversation_id=" + originatorConversationId, null)
                .json();
    }

    void darajaScenario(String mode) {
        Reply reply = post("/sim/daraja/__sim/payouts/scenario", null, "{\"mode\":\"" + mode + "\"}", Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }
}
