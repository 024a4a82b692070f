package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Results as Safaricom sends them: codes numbers or strings, parameters and references objects or arrays. */
class DarajaResultTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static DarajaResult parse(String json) throws Exception {
        return DarajaResult.parse(MAPPER.readTree(json));
    }

    @Test
    void documentedStatusResultWithAbsentAndNumericValuesAndAnObjectReferenceItem() throws Exception {
        DarajaResult result = parse("""
                {"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request is processed successfully.",
                 "OriginatorConversationID":"3213-416199-2","ConversationID":"AG_20180223_0000493344ae97d86f75",
                 "TransactionID":"MBN0000000","ResultParameters":{"ResultParameter":[{"Key":"ReceiptNo","Value":"MBN31H462N"},
                 {"Key":"Amount","Value":300},{"Key":"TransactionStatus","Value":"Completed"},{"Key":"TransactionReason"}]},
                 "ReferenceData":{"ReferenceItem":{"Key":"Occasion"}}}}""");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.conversationId()).isEqualTo("AG_20180223_0000493344ae97d86f75");
        assertThat(result.parameters())
                .containsEntry("ReceiptNo", "MBN31H462N")
                .containsEntry("Amount", "300")
                .containsEntry("TransactionStatus", "Completed")
                .containsEntry("TransactionReason", null);
        assertThat(result.references()).containsEntry("Occasion", null);
    }

    @Test
    void reversalFailureWithAStringCodeASingleParameterAndAnArrayOfReferenceItems() throws Exception {
        DarajaResult result = parse("""
                {"Result":{"ResultType":0,"ResultCode":"R000002","ResultDesc":"The OriginalTransactionID is invalid.",
                 "OriginatorConversationID":"1","ConversationID":"AG_1","TransactionID":"SKE0000000",
                 "ResultParameters":{"ResultParameter":{"Key":"Amount","Value":"100.00"}},
                 "ReferenceData":{"ReferenceItem":[{"Key":"QueueTimeoutURL","Value":"https://x/t"},{"Key":"Occasion","Value":"TXN1"}]}}}""");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.resultCode()).isEqualTo("R000002");
        assertThat(result.parameters()).containsEntry("Amount", "100.00");
        assertThat(result.references()).containsEntry("Occasion", "TXN1").containsKey("QueueTimeoutURL");
    }

    @Test
    void resultWithoutParametersOrReferencesStillParses() throws Exception {
        DarajaResult result =
                parse("{\"Result\":{\"ResultType\":1,\"ResultCode\":\"SVC0403\",\"ConversationID\":\"AG_2\"}}");
        assertThat(result.resultType()).isEqualTo(1);
        assertThat(result.parameters()).isEmpty();
        assertThat(result.references()).isEmpty();
    }

    @Test
    void missingResultOrIdsOrCodeIsMalformed() {
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(StkCallbackParser.MalformedCallback.class);
        assertThatThrownBy(() -> parse("{\"Result\":{\"ResultCode\":0}}"))
                .isInstanceOf(StkCallbackParser.MalformedCallback.class);
        assertThatThrownBy(() -> parse("{\"Result\":{\"ConversationID\":\"AG\"}}"))
                .isInstanceOf(StkCallbackParser.MalformedCallback.class);
    }
}
