package ke.onpoint.simulator.daraja;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Field rules of B2C (§1.14) and B2B (§1.15) payment requests, checked in document order like the other Daraja
 * requests: the first bad field is {@code 400.002.02 Bad Request - Invalid <Field>}. SecurityCredential only has to
 * be present here; whether it decrypts to the initiator's password is answered in the Result (2001), as for
 * Reversal. The amount only has to be whole shillings: B2C's limits (10 to 250,000) are declined in the Result
 * (ResultCode 2 / 3), as Safaricom's "limit rule" codes say.
 */
final class PayoutRequests {

    enum Kind {
        B2C,
        B2B
    }

    static final Set<String> B2C_COMMANDS = Set.of("BusinessPayment", "SalaryPayment", "PromotionPayment");
    static final Set<String> B2B_COMMANDS = Set.of("BusinessPayBill", "BusinessBuyGoods");
    /** Ours (§1.14 states no limit): up to 36 of letters, digits, _ and -, so a UUID fits. */
    private static final Pattern ORIGINATOR_CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");

    /**
     * A well-formed payout. {@code originatorConversationId} is the client's (B2C v3, and B2B when it sends one) or
     * null (B2C v1, which has no such field: the simulator makes one up for the ack, as Daraja does).
     */
    record PayoutRequest(
            Kind kind,
            String version,
            String originatorConversationId,
            String initiator,
            String securityCredential,
            String commandId,
            long amount,
            String partyA,
            String partyB,
            String accountReference,
            String requester,
            String remarks,
            String queueTimeOutUrl,
            String resultUrl,
            String occasion) {}

    private PayoutRequests() {}

    /** {@code version} "v1" or "v3"; only v3 carries (and requires) OriginatorConversationID. */
    static PayoutRequest b2c(String version, ObjectNode body) {
        String originatorConversationId = "v3".equals(version) ? originatorConversationId(body, true) : null;
        String initiator = AccountRequests.required(body, "InitiatorName");
        String credential = AccountRequests.required(body, "SecurityCredential");
        String command = command(body, B2C_COMMANDS);
        long amount = AccountRequests.wholeAmount(body, "Amount");
        String partyA = AccountRequests.shortCode(body, "PartyA");
        String partyB = AccountRequests.msisdn(body, "PartyB");
        String remarks = AccountRequests.remarks(body, 2);
        String timeoutUrl = AccountRequests.resultUrl(body, "QueueTimeOutURL");
        String resultUrl = AccountRequests.resultUrl(body, "ResultURL");
        String occasion = occasion(body);
        return new PayoutRequest(
                Kind.B2C,
                version,
                originatorConversationId,
                initiator,
                credential,
                command,
                amount,
                partyA,
                partyB,
                null,
                null,
                remarks,
                timeoutUrl,
                resultUrl,
                occasion);
    }

    /**
     * B2B as documented, plus an optional OriginatorConversationID [ours]: when given it is echoed, kept unique and
     * answered for by Transaction Status, exactly as B2C v3's, so a client can make B2B payouts idempotent too.
     */
    static PayoutRequest b2b(ObjectNode body) {
        String originatorConversationId = originatorConversationId(body, false);
        String initiator = AccountRequests.required(body, "Initiator");
        String credential = AccountRequests.required(body, "SecurityCredential");
        String command = command(body, B2B_COMMANDS);
        fixedFour(body, "SenderIdentifierType");
        // Safaricom's own spelling, as in Reversal (§1.8): the correct spelling leaves it missing.
        fixedFour(body, "RecieverIdentifierType");
        long amount = AccountRequests.wholeAmount(body, "Amount");
        String partyA = AccountRequests.shortCode(body, "PartyA");
        String partyB = AccountRequests.shortCode(body, "PartyB");
        // "up to 13 characters", the account at the paybill; a till has none.
        String accountReference = "BusinessPayBill".equals(command)
                ? AccountRequests.required(body, "AccountReference")
                : AccountRequests.optional(body, "AccountReference", 13);
        if (accountReference != null && accountReference.length() > 13) {
            throw DarajaErrors.invalidField("AccountReference");
        }
        String requester =
                AccountRequests.blank(body.get("Requester")) ? null : AccountRequests.msisdn(body, "Requester");
        String remarks = AccountRequests.remarks(body, 1);
        String timeoutUrl = AccountRequests.resultUrl(body, "QueueTimeOutURL");
        String resultUrl = AccountRequests.resultUrl(body, "ResultURL");
        String occasion = occasion(body);
        return new PayoutRequest(
                Kind.B2B,
                "v1",
                originatorConversationId,
                initiator,
                credential,
                command,
                amount,
                partyA,
                partyB,
                accountReference,
                requester,
                remarks,
                timeoutUrl,
                resultUrl,
                occasion);
    }

    private static String originatorConversationId(ObjectNode body, boolean required) {
        JsonNode node = body.get("OriginatorConversationID");
        if (!required && AccountRequests.blank(node)) {
            return null;
        }
        String value = StkRequestValidator.text(node);
        if (value == null || !ORIGINATOR_CONVERSATION_ID.matcher(value).matches()) {
            throw DarajaErrors.invalidField("OriginatorConversationID");
        }
        return value;
    }

    private static String command(ObjectNode body, Set<String> allowed) {
        String value = StkRequestValidator.text(body.get("CommandID"));
        if (value == null || !allowed.contains(value)) {
            throw DarajaErrors.invalidField("CommandID");
        }
        return value;
    }

    private static void fixedFour(ObjectNode body, String field) {
        if (!"4".equals(StkRequestValidator.text(body.get(field)))) {
            throw DarajaErrors.invalidField(field);
        }
    }

    /** The v3 docs spell it Occassion, the v1 docs Occasion: either is accepted (§1.14), 1 to 100 characters. */
    private static String occasion(ObjectNode body) {
        String misspelt = AccountRequests.optional(body, "Occassion", 100);
        return misspelt != null ? misspelt : AccountRequests.optional(body, "Occasion", 100);
    }
}
