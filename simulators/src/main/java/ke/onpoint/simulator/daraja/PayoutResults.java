package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * The Result bodies of B2C (§1.14) and B2B (§1.15) as Safaricom's samples show them, quirks included so a client
 * must read them as it must read the real ones: B2C has numeric ResultType/ResultCode, numeric amounts and funds, a
 * {@code dd.MM.yyyy HH:mm:ss} completion time and no ResultParameters on failure; B2B success has string
 * ResultType/ResultCode and string amounts, and its failure has numbers and a single-object ResultParameter. In both
 * ReferenceItem is an object, except B2B success, where it is an array.
 */
final class PayoutResults {

    /** What the B2C samples carry in ReferenceItem: Safaricom's own internal URL, not the client's. */
    static final String B2C_QUEUE_TIMEOUT_URL = "https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit";

    private static final DateTimeFormatter B2C_COMPLETED =
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(DarajaTime.EAT);

    private PayoutResults() {}

    static ObjectNode result(Payout payout) {
        return payout.kind() == PayoutRequests.Kind.B2C ? b2c(payout) : b2b(payout);
    }

    private static ObjectNode b2c(Payout payout) {
        ObjectNode result = head(payout);
        if (payout.succeeded()) {
            OrgAccounts.Balances after = payout.after();
            ArrayNode parameters = result.putObject("ResultParameters").putArray("ResultParameter");
            parameters
                    .addObject()
                    .put("Key", "TransactionAmount")
                    .put("Value", payout.request().amount());
            parameters.addObject().put("Key", "TransactionReceipt").put("Value", payout.transactionId());
            parameters
                    .addObject()
                    .put("Key", "ReceiverPartyPublicName")
                    .put(
                            "Value",
                            payout.request().partyB() + " - " + AccountResultsSimulator.CUSTOMER_NAME.toUpperCase());
            parameters
                    .addObject()
                    .put("Key", "TransactionCompletedDateTime")
                    .put("Value", B2C_COMPLETED.format(payout.receivedAt()));
            parameters.addObject().put("Key", "B2CUtilityAccountAvailableFunds").put("Value", after.utility());
            parameters.addObject().put("Key", "B2CWorkingAccountAvailableFunds").put("Value", after.working());
            parameters
                    .addObject()
                    .put("Key", "B2CRecipientIsRegisteredCustomer")
                    .put("Value", "Y");
            parameters
                    .addObject()
                    .put("Key", "B2CChargesPaidAccountAvailableFunds")
                    .put("Value", after.chargesPaid());
        }
        result.putObject("ReferenceData")
                .putObject("ReferenceItem")
                .put("Key", "QueueTimeoutURL")
                .put("Value", B2C_QUEUE_TIMEOUT_URL);
        return ResultEnvelope.wrap(result);
    }

    private static ObjectNode b2b(Payout payout) {
        if (!payout.succeeded()) {
            ObjectNode result = head(payout);
            result.putObject("ResultParameters")
                    .putObject("ResultParameter")
                    .put("Key", "BOCompletedTime")
                    .put("Value", ResultEnvelope.time(payout.receivedAt()));
            result.putObject("ReferenceData")
                    .putObject("ReferenceItem")
                    .put("Key", "QueueTimeoutURL")
                    .put("Value", payout.request().queueTimeOutUrl());
            return ResultEnvelope.wrap(result);
        }
        BigDecimal working = payout.after().working();
        String basic = debitAccountBalance(working);
        ObjectNode result = SimulatorJson.object()
                .put("ResultType", "0")
                .put("ResultCode", "0")
                .put("ResultDesc", "The service request is processed successfully")
                .put("OriginatorConversationID", payout.originatorConversationId())
                .put("ConversationID", payout.conversationId())
                .put("TransactionID", payout.transactionId());
        ArrayNode parameters = result.putObject("ResultParameters").putArray("ResultParameter");
        parameters.addObject().put("Key", "DebitAccountBalance").put("Value", basic);
        parameters
                .addObject()
                .put("Key", "Amount")
                .put(
                        "Value",
                        OrgAccounts.format(BigDecimal.valueOf(payout.request().amount())));
        String available = OrgAccounts.format(working);
        // f1 = f2 + f3 (current = available + reserved), nothing reserved here: see §1.16.
        parameters
                .addObject()
                .put("Key", "DebitPartyAffectedAccountBalance")
                .put("Value", "Working Account|KES|" + available + "|" + available + "|0.00|0.00");
        parameters
                .addObject()
                .put("Key", "TransCompletedTime")
                .put("Value", Long.toString(ResultEnvelope.time(payout.receivedAt())));
        parameters.addObject().put("Key", "DebitPartyCharges").put("Value", "");
        parameters
                .addObject()
                .put("Key", "ReceiverPartyPublicName")
                .put("Value", payout.request().partyB() + " - " + AccountResultsSimulator.ORG_NAME);
        parameters.addObject().put("Key", "Currency").put("Value", "KES");
        parameters.addObject().put("Key", "InitiatorAccountCurrentBalance").put("Value", basic);
        ArrayNode reference = result.putObject("ReferenceData").putArray("ReferenceItem");
        if (payout.request().accountReference() != null) {
            reference
                    .addObject()
                    .put("Key", "BillReferenceNumber")
                    .put("Value", payout.request().accountReference());
        }
        reference
                .addObject()
                .put("Key", "QueueTimeoutURL")
                .put("Value", payout.request().queueTimeOutUrl());
        return ResultEnvelope.wrap(result);
    }

    /** Numeric codes as numbers, the others (SFC_IC0003) as strings. */
    private static ObjectNode head(Payout payout) {
        String code = payout.resultCode();
        return code.chars().allMatch(Character::isDigit)
                ? ResultEnvelope.head(
                        payout.originatorConversationId(),
                        payout.conversationId(),
                        Integer.parseInt(code),
                        payout.succeeded() ? "The service request is processed successfully." : payout.resultDesc(),
                        payout.transactionId())
                : ResultEnvelope.head(
                        payout.originatorConversationId(),
                        payout.conversationId(),
                        code,
                        payout.resultDesc(),
                        payout.transactionId());
    }

    /** {@code {Amount={CurrencyCode=KES, MinimumAmount=618683, BasicAmount=6186.83}}}: MinimumAmount in cents. */
    private static String debitAccountBalance(BigDecimal balance) {
        BigDecimal basic = balance.setScale(2, java.math.RoundingMode.HALF_UP);
        return "{Amount={CurrencyCode=KES, MinimumAmount="
                + basic.movePointRight(2).toBigInteger() + ", BasicAmount=" + basic.toPlainString() + "}}";
    }
}
