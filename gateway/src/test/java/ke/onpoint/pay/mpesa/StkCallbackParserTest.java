package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.mpesa.StkCallbackParser.MalformedCallback;
import ke.onpoint.pay.payment.PaymentStatus;
import org.junit.jupiter.api.Test;

/** The callback shapes of reference §1.3. */
class StkCallbackParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Safaricom's documented success sample, verbatim. */
    private static final String DOCUMENTED_SUCCESS = """
            {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925",
             "ResultCode":0,"ResultDesc":"The service request is processed successfully.",
             "CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},
              {"Name":"Balance"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}
            """;

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static StkResult parse(String text) throws Exception {
        return StkCallbackParser.parse(json(text));
    }

    @Test
    void documentedSuccessSampleYieldsReceiptPhoneAndDate() throws Exception {
        StkResult result = parse(DOCUMENTED_SUCCESS);

        assertThat(result.checkoutRequestId()).isEqualTo("ws_CO_191220191020363925");
        assertThat(result.resultCode()).isEqualTo("0");
        assertThat(result.resultDesc()).isEqualTo("The service request is processed successfully.");
        assertThat(result.receipt()).isEqualTo("NLJ7RT61SV");
        assertThat(result.paidPhone()).isEqualTo("254708374149");
        assertThat(result.transactionDate()).isEqualTo(Instant.parse("2019-12-19T07:21:15Z"));
        assertThat(result.status()).isEqualTo(PaymentStatus.COMPLETED);
    }

    @Test
    void itemsAreFoundByNameWhateverTheirOrder() throws Exception {
        StkResult result = parse("""
                {"Body":{"stkCallback":{"MerchantRequestID":"m-1","CheckoutRequestID":"ws_CO_2",
                 "ResultCode":0,"ResultDesc":"ok",
                 "CallbackMetadata":{"Item":[{"Name":"PhoneNumber","Value":254712345678},{"Name":"Balance"},
                  {"Name":"TransactionDate","Value":20240117003005},{"Name":"MpesaReceiptNumber","Value":"SAB1CD2EF3"},
                  {"Name":"Amount","Value":1}]}}}}
                """);

        assertThat(result.receipt()).isEqualTo("SAB1CD2EF3");
        assertThat(result.paidPhone()).isEqualTo("254712345678");
        assertThat(result.transactionDate()).isEqualTo(Instant.parse("2024-01-16T21:30:05Z"));
    }

    @Test
    void phoneAndDateSentAsStringsAreReadToo() throws Exception {
        StkResult result = parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_3","ResultCode":0,"ResultDesc":"ok",
                 "CallbackMetadata":{"Item":[{"Name":"MpesaReceiptNumber","Value":"SAB1CD2EF3"},
                  {"Name":"TransactionDate","Value":"20191219102115"},{"Name":"PhoneNumber","Value":"0712345678"}]}}}}
                """);

        assertThat(result.paidPhone()).isEqualTo("254712345678");
        assertThat(result.transactionDate()).isEqualTo(Instant.parse("2019-12-19T07:21:15Z"));
    }

    @Test
    void cancelledCallbackWithoutMetadataParses() throws Exception {
        StkResult result = parse("""
                {"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925",
                 "ResultCode":1032,"ResultDesc":"Request cancelled by user"}}}
                """);

        assertThat(result.resultCode()).isEqualTo("1032");
        assertThat(result.resultDesc()).isEqualTo("Request cancelled by user");
        assertThat(result.receipt()).isNull();
        assertThat(result.paidPhone()).isNull();
        assertThat(result.transactionDate()).isNull();
        assertThat(result.status()).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void resultCodeSentAsStringIsAccepted() throws Exception {
        StkResult result = parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_4","ResultCode":"1037","ResultDesc":"DS timeout"}}}
                """);

        assertThat(result.resultCode()).isEqualTo("1037");
        assertThat(result.status()).isEqualTo(PaymentStatus.EXPIRED);
    }

    @Test
    void successWithStringZeroResultCodeStillNeedsAndGetsItsReceipt() throws Exception {
        StkResult result = parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_5","ResultCode":"0","ResultDesc":"ok",
                 "CallbackMetadata":{"Item":[{"Name":"MpesaReceiptNumber","Value":"SAB1CD2EF3"}]}}}}
                """);

        assertThat(result.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(result.receipt()).isEqualTo("SAB1CD2EF3");
        assertThat(result.paidPhone()).isNull();
        assertThat(result.transactionDate()).isNull();
    }

    @Test
    void nullRootIsMalformed() {
        assertThatThrownBy(() -> StkCallbackParser.parse(null)).isInstanceOf(MalformedCallback.class);
    }

    @Test
    void missingBodyIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("stkCallback");
    }

    @Test
    void missingStkCallbackIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"CheckoutRequestID":"ws_CO_1","ResultCode":0}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("stkCallback");
    }

    @Test
    void stkCallbackThatIsNotAnObjectIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":"ws_CO_1"}}
                """)).isInstanceOf(MalformedCallback.class);
    }

    @Test
    void missingCheckoutRequestIdIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"MerchantRequestID":"m-1","ResultCode":1032,"ResultDesc":"Request cancelled by user"}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("CheckoutRequestID");
    }

    @Test
    void blankCheckoutRequestIdIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"  ","ResultCode":1032}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("CheckoutRequestID");
    }

    @Test
    void overlongCheckoutRequestIdIsMalformed() {
        String id = "ws_CO_" + "9".repeat(59);
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"%s","ResultCode":1032}}}
                """.formatted(id)))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("CheckoutRequestID");
    }

    @Test
    void missingResultCodeIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultDesc":"Request cancelled by user"}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("ResultCode");
    }

    @Test
    void nullResultCodeIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":null}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("ResultCode");
    }

    @Test
    void successWithoutReceiptIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0,"ResultDesc":"ok",
                 "CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},{"Name":"PhoneNumber","Value":254708374149}]}}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("MpesaReceiptNumber");
    }

    @Test
    void successWithoutAnyMetadataIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0,"ResultDesc":"ok"}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("MpesaReceiptNumber");
    }

    @Test
    void successWithBlankReceiptIsMalformed() {
        assertThatThrownBy(() -> parse("""
                {"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0,
                 "CallbackMetadata":{"Item":[{"Name":"MpesaReceiptNumber","Value":" "}]}}}}
                """))
                .isInstanceOf(MalformedCallback.class)
                .hasMessageContaining("MpesaReceiptNumber");
    }
}
