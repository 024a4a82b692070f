package ke.onpoint.pay.paystack;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.card.ProcessorAnswer;
import ke.onpoint.pay.card.ProcessorApi;
import ke.onpoint.pay.card.ProcessorUnavailableException;
import ke.onpoint.pay.settlement.PayoutAnswer;
import ke.onpoint.pay.settlement.PayoutDestination;
import ke.onpoint.pay.settlement.PayoutOrder;
import ke.onpoint.pay.settlement.PayoutRail;
import org.springframework.stereotype.Component;

/**
 * Payouts to Kenyan bank accounts by Paystack Transfers (§2.7): a {@code kepss} transfer recipient (Paystack returns
 * the existing one for an account it knows), then {@code POST /transfer} with our payout reference, Paystack's
 * idempotency key: a second transfer under it is refused, never paid. Bank accounts only: M-Pesa destinations are
 * paid by Daraja directly. The result comes as a {@code transfer.*} webhook; a payout is checked with
 * {@code GET /transfer/verify/{reference}}.
 */
@Component
public class PaystackTransfers implements PayoutRail {

    private final ProcessorApi api;

    public PaystackTransfers(ProcessorApi api) {
        this.api = api;
    }

    @Override
    public String provider() {
        return PaystackProcessor.NAME;
    }

    @Override
    public boolean pays(PayoutDestination destination) {
        return destination instanceof PayoutDestination.BankAccount;
    }

    @Override
    public PayoutAnswer send(PayoutOrder order) {
        PayoutDestination.BankAccount bank = (PayoutDestination.BankAccount) order.destination();
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("type", "kepss");
        recipient.put("name", bank.accountName());
        recipient.put("account_number", bank.accountNumber());
        recipient.put("bank_code", bank.bankCode());
        recipient.put("currency", order.currency());
        ProcessorAnswer created;
        try {
            created = api.post(provider(), "/transferrecipient", recipient);
        } catch (ProcessorUnavailableException e) {
            return new PayoutAnswer.NotFound("no transfer recipient yet, nothing sent: " + e.getMessage());
        }
        String recipientCode =
                created.body().path("data").path("recipient_code").asText("");
        if (!accepted(created) || recipientCode.isEmpty()) {
            return new PayoutAnswer.Failed("RECIPIENT_INVALID", "Paystack: " + created.message());
        }
        Map<String, Object> transfer = new LinkedHashMap<>();
        transfer.put("source", "balance");
        transfer.put("amount", order.amountMinor());
        transfer.put("currency", order.currency());
        transfer.put("recipient", recipientCode);
        transfer.put("reference", transferReference(order.reference()));
        transfer.put("reason", "Settlement payout");
        ProcessorAnswer sent;
        try {
            sent = api.post(provider(), "/transfer", transfer);
        } catch (ProcessorUnavailableException e) {
            return new PayoutAnswer.Unknown(e.getMessage());
        }
        if (accepted(sent)) {
            return new PayoutAnswer.Accepted(
                    sent.body().path("data").path("transfer_code").asText(null));
        }
        String message = sent.message();
        if (message.toLowerCase(Locale.ROOT).contains("reference already exists")) {
            return new PayoutAnswer.Unknown("Paystack already has a transfer " + order.reference()); // verify tells
        }
        return new PayoutAnswer.Failed(refusalCode(message), "Paystack: " + message);
    }

    @Override
    public PayoutAnswer check(PayoutOrder order) {
        ProcessorAnswer answer;
        try {
            answer = api.get(provider(), "/transfer/verify/" + transferReference(order.reference()));
        } catch (ProcessorUnavailableException e) {
            return new PayoutAnswer.Unknown(e.getMessage());
        }
        if (answer.status() == 404
                || (!accepted(answer)
                        && answer.message().toLowerCase(Locale.ROOT).contains("not found"))) {
            return new PayoutAnswer.NotFound("Paystack: " + answer.message());
        }
        if (!accepted(answer)) {
            return new PayoutAnswer.Unknown("Paystack: " + answer.message());
        }
        return answerOf(answer.body().path("data"));
    }

    /**
     * Paystack takes "a lowercase alphanumeric string with only -,_" as a transfer reference; ours are upper-case
     * letters and digits, so each maps to exactly one lower-case form and back ({@link PaystackTransferEventRoutes}).
     */
    static String transferReference(String payoutReference) {
        return payoutReference.toLowerCase(Locale.ROOT);
    }

    /** A transfer object (verify's {@code data}, a webhook's {@code data}) as an answer about the payout. */
    static PayoutAnswer answerOf(JsonNode transfer) {
        String status = transfer.path("status").asText("");
        String why =
                transfer.path("reason").asText(transfer.path("gateway_response").asText(status));
        return switch (status) {
            case "success" ->
                new PayoutAnswer.Paid(
                        transfer.path("transfer_code").asText(null),
                        transfer.path("transfer_code").asText(null),
                        transfer.hasNonNull("amount") && transfer.get("amount").canConvertToLong()
                                ? transfer.get("amount").asLong()
                                : -1,
                        transfer.path("currency").asText(null));
            case "reversed" ->
                new PayoutAnswer.Reversed(transfer.path("transfer_code").asText(null), "Paystack: reversed");
            case "failed", "abandoned", "blocked", "rejected" ->
                new PayoutAnswer.Failed(
                        "TRANSFER_" + status.toUpperCase(Locale.ROOT),
                        "Paystack: transfer " + status + (why.equals(status) ? "" : " (" + why + ")"));
            default -> new PayoutAnswer.Unknown("Paystack: transfer " + status); // pending, otp, received
        };
    }

    private static boolean accepted(ProcessorAnswer answer) {
        return answer.ok() && answer.body().path("status").asBoolean(false);
    }

    private static String refusalCode(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        if (text.contains("balance is not enough")) {
            return "INSUFFICIENT_BALANCE";
        }
        if (text.contains("recipient")) {
            return "RECIPIENT_INVALID";
        }
        return "TRANSFER_REFUSED";
    }
}
