package ke.onpoint.pay.mpesa;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.payment.Money;

/**
 * A C2B validation or confirmation as Safaricom sends it (all values strings). {@code msisdn} is kept as sent: full
 * in v1, masked or a SHA-256 hash in v2, so it is never treated as a phone number.
 */
public record C2bNotification(
        String transactionType,
        String transId,
        Instant transTime,
        long amountMinor,
        BigDecimal amount,
        String businessShortCode,
        String billRefNumber,
        String msisdn,
        String firstName) {

    /** The merchant account a customer typed: the bill reference up to '#', '-' or a space. */
    public String account() {
        if (billRefNumber == null) {
            return "";
        }
        String ref = billRefNumber.trim();
        int cut = ref.length();
        for (char separator : new char[] {'#', '-', ' '}) {
            int at = ref.indexOf(separator);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return ref.substring(0, cut).toUpperCase(java.util.Locale.ROOT);
    }

    static C2bNotification parse(JsonNode body) {
        String transId = text(body, "TransID").orElseThrow(() -> malformed("TransID is missing"));
        if (transId.length() > 32) {
            throw malformed("TransID is too long");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(text(body, "TransAmount").orElseThrow(() -> malformed("TransAmount is missing")));
        } catch (NumberFormatException e) {
            throw malformed("TransAmount is not a number");
        }
        if (amount.signum() <= 0 || amount.compareTo(Money.MAX_AMOUNT) > 0) {
            throw malformed("TransAmount is out of range");
        }
        long minor = Money.toMinor(amount).orElseThrow(() -> malformed("TransAmount has more than 2 decimals"));
        return new C2bNotification(
                text(body, "TransactionType").orElse(""),
                transId,
                StkResult.darajaTime(text(body, "TransTime").orElse(null)),
                minor,
                amount,
                text(body, "BusinessShortCode").orElse(null),
                text(body, "BillRefNumber").orElse(null),
                text(body, "MSISDN").orElse(null),
                text(body, "FirstName").orElse(null));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        String value = node.asText().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static StkCallbackParser.MalformedCallback malformed(String why) {
        return new StkCallbackParser.MalformedCallback(why);
    }
}
