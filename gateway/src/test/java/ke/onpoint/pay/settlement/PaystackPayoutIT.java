package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.LedgerAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Payouts to bank accounts by Paystack Transfers over real HTTP with the Paystack simulator and its webhooks. */
class PaystackPayoutIT extends PayoutTest {

    private Session owner;

    @BeforeEach
    void merchant() {
        owner = register();
        setDestination(
                owner,
                "{\"type\":\"bank_account\",\"bank_code\":\"68\",\"account_number\":\"0123456789\","
                        + "\"account_name\":\"Shop Ltd\"}");
    }

    @AfterEach
    void normal() {
        post("/sim/paystack/__sim/transfers/reset", null, "{}", Map.of());
    }

    private void scenario(String mode) {
        Reply reply = post("/sim/paystack/__sim/transfers/scenario", null, "{\"mode\":\"" + mode + "\"}", Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private JsonNode transfer(String reference) {
        return get("/sim/paystack/__sim/transfers/" + reference, null).json();
    }

    @Test
    void aTransferIsPaidByItsWebhook() {
        Queued payout = queue(owner.merchantId(), 900_000, 750_050, "queued");

        awaitPayout(payout.reference(), "paid");

        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isEqualTo(149_950);
        assertThat(entry("payout.paid", payout.reference(), LedgerAccount.clearing("paystack", MODE, "KES")))
                .isEqualTo(-750_050);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("paid");
        // Paystack knows it by the lower-case form of our reference (its rule for transfer references)
        JsonNode atPaystack = transfer(payout.reference().toLowerCase(java.util.Locale.ROOT));
        assertThat(atPaystack.toString()).contains("750050");
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE provider = 'paystack' AND kind = 'transfer_event' "
                                + "AND correlation_id = ? AND outcome = 'applied'",
                        payout.reference()))
                .isEqualTo(1);
    }

    @Test
    void aRefusedTransferFailsThePayoutAndReturnsTheMoney() {
        scenario("insufficient_balance");
        Queued payout = queue(owner.merchantId(), 10_000, 10_000, "queued");

        awaitPayout(payout.reference(), "failed");

        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isEqualTo(10_000);
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("payout_failed");
        assertThat(jdbc.queryForObject(
                        "SELECT failure_code FROM payouts WHERE reference = ?", String.class, payout.reference()))
                .isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(count(
                        "SELECT count(*) FROM outbox_events WHERE aggregate_reference = ? AND event_type = 'payout.failed'",
                        payout.reference()))
                .isEqualTo(1);
    }

    @Test
    void aReversalAfterPaymentGivesTheMoneyBack() {
        scenario("reversed");
        Queued payout = queue(owner.merchantId(), 20_000, 20_000, "queued");

        awaitPayout(payout.reference(), "reversed");

        assertThat(balance(owner.merchantId(), AccountKind.AVAILABLE)).isEqualTo(20_000);
        assertThat(balance(owner.merchantId(), AccountKind.IN_PAYOUT)).isZero();
        LedgerAccount clearing = LedgerAccount.clearing("paystack", MODE, "KES");
        assertThat(entry("payout.paid", payout.reference(), clearing)).isEqualTo(-20_000);
        assertThat(entry("payout.reversed", payout.reference(), clearing)).isEqualTo(20_000);
        assertThat(settlementStatus(payout.settlementId())).isEqualTo("payout_failed");
    }

    @Test
    void aTransferWithoutWebhookIsFoundByVerify() {
        scenario("no_webhook");
        Queued payout = queue(owner.merchantId(), 5_000, 5_000, "queued");

        awaitPayout(payout.reference(), "paid");

        assertThat(postings("payout.paid", payout.reference())).isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND kind = 'transfer_event'",
                        payout.reference()))
                .isZero();
    }
}
