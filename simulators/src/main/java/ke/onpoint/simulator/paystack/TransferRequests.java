package ke.onpoint.simulator.paystack;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validation of {@code POST /transferrecipient} and {@code POST /transfer} (reference §2.7), with Paystack's messages
 * where api-errors.json has them ("Unknown bank code", "Your reference contains illegal special characters",
 * "Recipient specified is invalid", …) and plain ones where it has none.
 */
final class TransferRequests {

    /** Kenya: M-PESA wallets, tills and paybills, bank accounts over KEPSS; nuban (NG) kept for the doc example. */
    static final Set<String> TYPES = Set.of("mobile_money", "mobile_money_business", "kepss", "nuban");

    /**
     * The bank codes the simulator knows, with their bank_name. MPESA (wallet) is what integrations send for
     * {@code mobile_money}; MPTILL and MPPAYBILL are documented for {@code mobile_money_business}, and are accepted
     * under {@code mobile_money} too because integrators disagree (§2.7). The KEPSS codes are a small sample [ours].
     */
    static final Map<String, String> BANKS = Map.ofEntries(
            Map.entry("MPESA", "M-PESA"),
            Map.entry("MPTILL", "M-PESA Till"),
            Map.entry("MPPAYBILL", "M-PESA Paybill"),
            Map.entry("01", "Kenya Commercial Bank"),
            Map.entry("11", "Co-operative Bank of Kenya"),
            Map.entry("68", "Equity Bank"),
            Map.entry("07", "NCBA Bank"),
            Map.entry("03", "Absa Bank Kenya"),
            Map.entry("058", "Guaranty Trust Bank"),
            Map.entry("044", "Access Bank"));

    private static final Set<String> MOBILE_CODES = Set.of("MPESA", "MPTILL", "MPPAYBILL");
    /** 07…/01… local, 2547…/2541… or +2547…: integrators send all three (§2.7). */
    private static final Pattern PHONE = Pattern.compile("(\\+?254|0)[17]\\d{8}");

    private static final Pattern SHORTCODE = Pattern.compile("\\d{5,7}");
    private static final Pattern BANK_ACCOUNT = Pattern.compile("\\d{6,20}");
    /** "a lowercase alphanumeric string with only -,_ symbols allowed". */
    private static final Pattern TRANSFER_REFERENCE = Pattern.compile("[a-z0-9_-]{1,100}");

    static final Set<String> TRANSFER_CURRENCIES = Set.of("NGN", "ZAR", "KES", "GHS");

    record Recipient(
            String type,
            String name,
            String accountNumber,
            String bankCode,
            String currency,
            String description,
            JsonNode metadata) {}

    record Transfer(String source, long amount, String currency, String recipient, String reference, String reason) {}

    private TransferRequests() {}

    static Recipient recipient(ObjectNode json) {
        String type = text(json.get("type"));
        if (type == null || !TYPES.contains(type)) {
            throw PaystackApiException.badRequest("Invalid recipient type");
        }
        String name = text(json.get("name"));
        if (name == null || name.isBlank()) {
            throw PaystackApiException.badRequest("Name is required");
        }
        String accountNumber = text(json.get("account_number"));
        if (accountNumber == null || accountNumber.isBlank()) {
            throw PaystackApiException.badRequest("Account number is required");
        }
        String bankCode = text(json.get("bank_code"));
        if (bankCode == null || bankCode.isBlank()) {
            throw PaystackApiException.badRequest("Bank code is invalid");
        }
        boolean mobile = type.startsWith("mobile_money");
        if (!BANKS.containsKey(bankCode) || mobile != MOBILE_CODES.contains(bankCode)) {
            throw PaystackApiException.badRequest("Unknown bank code");
        }
        if ("mobile_money_business".equals(type) && "MPESA".equals(bankCode)) {
            throw PaystackApiException.badRequest("Unknown bank code");
        }
        Pattern accountRule = "MPESA".equals(bankCode) ? PHONE : mobile ? SHORTCODE : BANK_ACCOUNT;
        if (!accountRule.matcher(accountNumber).matches()) {
            throw PaystackApiException.badRequest("Account number is invalid");
        }
        String currency = text(json.get("currency"));
        String expected = "nuban".equals(type) ? "NGN" : "KES";
        if (currency == null) {
            currency = expected;
        } else if (!currency.equals(expected)) {
            throw PaystackApiException.badRequest("Currency not supported for this recipient type");
        }
        JsonNode metadata = json.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw PaystackApiException.badRequest("Metadata must be an object");
        }
        return new Recipient(
                type,
                name.trim(),
                accountNumber,
                bankCode,
                currency,
                text(json.get("description")),
                metadata == null || metadata.isNull() ? null : metadata);
    }

    static Transfer transfer(ObjectNode json) {
        String source = text(json.get("source"));
        if (!"balance".equals(source)) {
            throw PaystackApiException.badRequest("Invalid transfer source");
        }
        long amount = PaystackRequests.amount(json.get("amount"));
        // The currency enum's default is NGN (§2.7): a Kenyan integration must send KES.
        String currency = text(json.get("currency"));
        if (currency == null) {
            currency = "NGN";
        } else if (!TRANSFER_CURRENCIES.contains(currency)) {
            throw PaystackApiException.badRequest("Currency not supported by merchant");
        }
        String recipient = text(json.get("recipient"));
        if (recipient == null || recipient.isBlank()) {
            throw PaystackApiException.badRequest("Recipient specified is invalid");
        }
        JsonNode referenceNode = json.get("reference");
        String reference = null;
        if (referenceNode != null && !referenceNode.isNull()) {
            reference = text(referenceNode);
            if (reference == null || !TRANSFER_REFERENCE.matcher(reference).matches()) {
                throw PaystackApiException.badRequest("Your reference contains illegal special characters");
            }
        }
        return new Transfer(source, amount, currency, recipient, reference, text(json.get("reason")));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue().trim() : null;
    }
}
