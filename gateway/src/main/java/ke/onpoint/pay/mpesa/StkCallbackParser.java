package ke.onpoint.pay.mpesa;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.payment.PhoneNumbers;

/**
 * Reads Safaricom's {@code Body.stkCallback} exactly as documented: ResultCode a number, CallbackMetadata items
 * looked up by Name (never by position), Balance without a Value, TransactionDate and PhoneNumber as numbers.
 */
final class StkCallbackParser {

    private StkCallbackParser() {}

    static final class MalformedCallback extends RuntimeException {
        MalformedCallback(String message) {
            super(message, null, false, false);
        }
    }

    static StkResult parse(JsonNode root) {
        JsonNode callback = root == null ? null : root.path("Body").path("stkCallback");
        if (callback == null || !callback.isObject()) {
            throw new MalformedCallback("Body.stkCallback is missing");
        }
        String checkoutRequestId = callback.path("CheckoutRequestID").asText("");
        if (checkoutRequestId.isBlank() || checkoutRequestId.length() > 64) {
            throw new MalformedCallback("Body.stkCallback.CheckoutRequestID is missing or invalid");
        }
        String resultCode = StkResult.code(callback.get("ResultCode"));
        if (resultCode == null || resultCode.length() > 32) {
            throw new MalformedCallback("Body.stkCallback.ResultCode is missing");
        }
        Map<String, JsonNode> items = new HashMap<>();
        for (JsonNode item : callback.path("CallbackMetadata").path("Item")) {
            if (item.hasNonNull("Name") && item.has("Value")) {
                items.put(item.get("Name").asText(), item.get("Value"));
            }
        }
        String receipt = text(items.get("MpesaReceiptNumber"));
        if ("0".equals(resultCode) && receipt == null) {
            throw new MalformedCallback("A successful callback must carry CallbackMetadata.MpesaReceiptNumber");
        }
        String phone = text(items.get("PhoneNumber"));
        return new StkResult(
                checkoutRequestId,
                resultCode,
                callback.path("ResultDesc").asText(null),
                receipt,
                phone == null ? null : PhoneNumbers.normalise(phone).orElse(phone),
                StkResult.darajaTime(text(items.get("TransactionDate"))),
                text(callback.get("MerchantRequestID")),
                StkResult.amountMinor(text(items.get("Amount"))));
    }

    /** Item values arrive as strings or as JSON numbers (TransactionDate 20191219102115, PhoneNumber 2547…). */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
        return text.isBlank() ? null : text.trim();
    }
}
