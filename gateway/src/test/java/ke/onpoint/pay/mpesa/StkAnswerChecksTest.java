package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.payment.Payment;
import org.junit.jupiter.api.Test;

/** Daraja's answers are compared with what we asked: callback amount and ids, Transaction Status echoes. */
class StkAnswerChecksTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Payment payment(long amountMinor, String merchantRequestId) {
        return PendingStkPayment.of("ORDER-1", null, amountMinor, merchantRequestId, "ws_CO_1");
    }

    private static StkResult callback(String amountValue, String merchantRequestId) throws Exception {
        return StkCallbackParser.parse(MAPPER.readTree("""
                {"Body":{"stkCallback":{"MerchantRequestID":"%s","CheckoutRequestID":"ws_CO_1","ResultCode":0,
                 "ResultDesc":"ok","CallbackMetadata":{"Item":[{"Name":"Amount","Value":%s},
                 {"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"PhoneNumber","Value":254708374149}]}}}}""".formatted(merchantRequestId, amountValue)));
    }

    @Test
    void callbackAmountIsReadInMinorUnitsWhateverItsForm() throws Exception {
        assertThat(callback("1", "m").amountMinor()).isEqualTo(100L);
        assertThat(callback("1.00", "m").amountMinor()).isEqualTo(100L);
        assertThat(callback("\"250000\"", "m").amountMinor()).isEqualTo(25_000_000L);
        assertThat(callback("\"lots\"", "m").amountMinor()).isNull();
        assertThat(callback("1.001", "m").amountMinor()).isNull();
    }

    @Test
    void callbackPaidAtTheAmountAskedWithOurIdsMatches() throws Exception {
        assertThat(StkResultCheck.of(payment(10_000, "29115-1"), callback("100.00", "29115-1")))
                .isEmpty();
    }

    @Test
    void callbackWithAnotherAmountIsAnAmountMismatch() throws Exception {
        var mismatch = StkResultCheck.of(payment(10_000, "29115-1"), callback("1", "29115-1"))
                .orElseThrow();
        assertThat(mismatch.code()).isEqualTo("AMOUNT_MISMATCH");
        assertThat(mismatch.reason()).contains("1.00 KES paid for a payment of 100.00");
    }

    @Test
    void successWithoutAReadableAmountIsNeverTakenAsPaid() throws Exception {
        assertThat(StkResultCheck.of(payment(10_000, null), callback("\"n/a\"", "m"))
                        .orElseThrow()
                        .code())
                .isEqualTo("AMOUNT_MISMATCH");
    }

    @Test
    void callbackWithAnotherMerchantRequestIdIsAnIdMismatch() throws Exception {
        assertThat(StkResultCheck.of(payment(10_000, "29115-1"), callback("100", "99999-9"))
                        .orElseThrow()
                        .code())
                .isEqualTo("PROVIDER_ID_MISMATCH");
        assertThat(StkResultCheck.of(payment(10_000, null), callback("100", "99999-9")))
                .as("ours unknown")
                .isEmpty();
    }

    @Test
    void failedResultsCarryNothingToCompare() {
        StkResult cancelled = new StkResult("ws_CO_1", "1032", "Request cancelled by user", null, null, null);
        assertThat(StkResultCheck.of(payment(10_000, "29115-1"), cancelled)).isEmpty();
    }

    private static final TransactionStatusQueries.Asked ASKED =
            new TransactionStatusQueries.Asked("ocid-1", "NLJ7RT61SV", 10_000, "TXN1");

    private static DarajaResult status(String originator, String receipt, String amount) {
        return new DarajaResult(
                0,
                "0",
                "ok",
                originator,
                "AG_1",
                "NLJ0000000",
                Map.of("ReceiptNo", receipt, "Amount", amount, "TransactionStatus", "Completed"),
                Map.of());
    }

    @Test
    void transactionStatusResultEchoingOurQueryMatches() {
        assertThat(TransactionStatusQueries.mismatch(ASKED, status("ocid-1", "NLJ7RT61SV", "100")))
                .isEmpty();
    }

    @Test
    void transactionStatusResultAboutAnotherQueryReceiptOrAmountIsRefused() {
        assertThat(TransactionStatusQueries.mismatch(ASKED, status("ocid-2", "NLJ7RT61SV", "100")))
                .get()
                .asString()
                .contains("ocid-2");
        assertThat(TransactionStatusQueries.mismatch(ASKED, status("ocid-1", "OTHER00000", "100")))
                .get()
                .asString()
                .contains("OTHER00000");
        assertThat(TransactionStatusQueries.mismatch(ASKED, status("ocid-1", "NLJ7RT61SV", "1")))
                .get()
                .asString()
                .contains("Amount 1");
    }
}
