package ke.onpoint.pay.mpesa;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The asynchronous {@code Result} of a Transaction Status or Reversal request, read as Safaricom actually sends it:
 * ResultCode a number or a string ({@code 0}, {@code "R000001"}), ResultParameter and ReferenceItem an object or
 * an array, a parameter's Value absent, a string or a number.
 */
public record DarajaResult(
        int resultType,
        String resultCode,
        String resultDesc,
        String originatorConversationId,
        String conversationId,
        String transactionId,
        Map<String, String> parameters,
        Map<String, String> references) {

    public boolean succeeded() {
        return "0".equals(resultCode);
    }

    static DarajaResult parse(JsonNode root) {
        JsonNode result = root == null ? null : root.path("Result");
        if (result == null || !result.isObject()) {
            throw new StkCallbackParser.MalformedCallback("Result is missing");
        }
        String conversationId = result.path("ConversationID").asText("");
        String originator = result.path("OriginatorConversationID").asText("");
        if (conversationId.isBlank() && originator.isBlank()) {
            throw new StkCallbackParser.MalformedCallback(
                    "Result.ConversationID and OriginatorConversationID are missing");
        }
        String code = StkResult.code(result.get("ResultCode"));
        if (code == null) {
            throw new StkCallbackParser.MalformedCallback("Result.ResultCode is missing");
        }
        return new DarajaResult(
                result.path("ResultType").asInt(0),
                code,
                result.path("ResultDesc").asText(null),
                originator,
                conversationId,
                result.path("TransactionID").asText(null),
                pairs(result.path("ResultParameters").path("ResultParameter")),
                pairs(result.path("ReferenceData").path("ReferenceItem")));
    }

    /** {@code {"Key","Value"}} items, one object or an array of them, into a map (absent values as null). */
    private static Map<String, String> pairs(JsonNode items) {
        Map<String, String> map = new LinkedHashMap<>();
        if (items.isObject()) {
            put(map, items);
        } else if (items.isArray()) {
            items.forEach(item -> put(map, item));
        }
        return map;
    }

    private static void put(Map<String, String> map, JsonNode item) {
        if (item.hasNonNull("Key")) {
            JsonNode value = item.get("Value");
            map.put(
                    item.get("Key").asText(),
                    value == null || value.isNull()
                            ? null
                            : value.isNumber() ? value.decimalValue().toPlainString() : value.asText());
        }
    }
}
