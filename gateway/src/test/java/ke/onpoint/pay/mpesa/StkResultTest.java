package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import ke.onpoint.pay.payment.PaymentOutcome;
import ke.onpoint.pay.payment.PaymentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StkResultTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant PAID_AT = Instant.parse("2019-12-19T07:21:15Z");

    private static StkResult result(String code, String desc) {
        return new StkResult("ws_CO_191220191020363925", code, desc, null, null, null);
    }

    @Test
    void zeroIsCompleted() {
        assertThat(result("0", "The service request is processed successfully.").status())
                .isEqualTo(PaymentStatus.COMPLETED);
    }

    @Test
    void cancelledByUserIsCancelled() {
        assertThat(result("1032", "Request cancelled by user").status()).isEqualTo(PaymentStatus.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1019", "1037"})
    void promptTimeoutsAreExpired(String code) {
        assertThat(result(code, "timeout").status()).isEqualTo(PaymentStatus.EXPIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "17", "26", "1001", "1025", "2001", "9999", "SFC_IC0003"})
    void everyOtherCodeIsFailed(String code) {
        assertThat(result(code, "whatever").status()).isEqualTo(PaymentStatus.FAILED);
    }

    @Test
    void completedOutcomeCarriesReceiptPhoneAndDate() {
        StkResult success = new StkResult("ws_CO_1", "0", "ok", "NLJ7RT61SV", "254708374149", PAID_AT);

        assertThat(success.toOutcome()).isEqualTo(PaymentOutcome.completed("NLJ7RT61SV", "254708374149", PAID_AT));
        assertThat(success.toOutcome().failureCode()).isNull();
        assertThat(success.toOutcome().failureReason()).isNull();
    }

    @Test
    void cancelledOutcomeCarriesCodeAndDescriptionButNoReceipt() {
        PaymentOutcome outcome = result("1032", "Request cancelled by user").toOutcome();

        assertThat(outcome.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(outcome.failureCode()).isEqualTo("1032");
        assertThat(outcome.failureReason()).isEqualTo("Request cancelled by user");
        assertThat(outcome.receipt()).isNull();
        assertThat(outcome.paidPhone()).isNull();
        assertThat(outcome.paidAt()).isNull();
    }

    @Test
    void failedOutcomeKeepsUnknownCodeVerbatim() {
        PaymentOutcome outcome =
                result("2001", "The initiator information is invalid.").toOutcome();

        assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(outcome.failureCode()).isEqualTo("2001");
        assertThat(outcome.failureReason()).isEqualTo("The initiator information is invalid.");
    }

    @Test
    void expiredOutcomeIsNotCompletedEvenWithAReceipt() {
        StkResult odd = new StkResult(
                "ws_CO_1", "1037", "DS timeout user cannot be reached", "NLJ7RT61SV", "254708374149", PAID_AT);

        PaymentOutcome outcome = odd.toOutcome();

        assertThat(outcome.status()).isEqualTo(PaymentStatus.EXPIRED);
        assertThat(outcome.receipt()).isNull();
        assertThat(outcome.failureCode()).isEqualTo("1037");
    }

    @Test
    void codeOfNumericZeroIsTextZero() throws Exception {
        assertThat(StkResult.code(MAPPER.readTree("0"))).isEqualTo("0");
    }

    @Test
    void codeOfStringZeroIsTextZero() {
        assertThat(StkResult.code(NODES.textNode("0"))).isEqualTo("0");
    }

    @Test
    void codeOfDecimalZeroIsTextZero() throws Exception {
        assertThat(StkResult.code(MAPPER.readTree("0.0"))).isEqualTo("0");
    }

    @Test
    void codeOfDecimalWholeNumberHasNoExponentOrFraction() throws Exception {
        assertThat(StkResult.code(MAPPER.readTree("1032.0"))).isEqualTo("1032");
    }

    @Test
    void codeOfPaddedStringIsTrimmed() {
        assertThat(StkResult.code(NODES.textNode(" 1032 "))).isEqualTo("1032");
    }

    @Test
    void codeOfNonNumericStringIsKept() {
        assertThat(StkResult.code(NODES.textNode("SFC_IC0003"))).isEqualTo("SFC_IC0003");
    }

    @Test
    void codeOfAbsentNullOrBlankIsNull() {
        assertThat(StkResult.code(null)).isNull();
        assertThat(StkResult.code(NODES.nullNode())).isNull();
        assertThat(StkResult.code(NODES.textNode("   "))).isNull();
    }

    @Test
    void darajaTimeIsReadAsEastAfricaTime() {
        assertThat(StkResult.darajaTime("20191219102115")).isEqualTo(Instant.parse("2019-12-19T07:21:15Z"));
    }

    @Test
    void darajaTimeToleratesSurroundingWhitespace() {
        assertThat(StkResult.darajaTime(" 20191219102115 ")).isEqualTo(Instant.parse("2019-12-19T07:21:15Z"));
    }

    @Test
    void darajaTimeJustAfterEatMidnightIsThePreviousUtcDay() {
        assertThat(StkResult.darajaTime("20240101001500")).isEqualTo(Instant.parse("2023-12-31T21:15:00Z"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "garbage",
                "2019-12-19T10:21:15",
                "201912191021",
                "20191219102115999",
                "20191319102115",
                "20191219250000"
            })
    void darajaTimeOfAbsentOrUnreadableTextIsNull(String text) {
        assertThat(StkResult.darajaTime(text)).isNull();
    }

    @Test
    void darajaTimeOfNumericNodeTextParses() throws Exception {
        JsonNode number = MAPPER.readTree("20191219102115");
        assertThat(StkResult.darajaTime(number.asText())).isEqualTo(Instant.parse("2019-12-19T07:21:15Z"));
    }

    @Test
    void darajaTimeOfAnImpossibleDateIsNull() {
        assertThat(StkResult.darajaTime("20190230102115")).isNull();
    }
}
