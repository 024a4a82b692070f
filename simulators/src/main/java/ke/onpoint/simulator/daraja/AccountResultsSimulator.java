package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/**
 * The asynchronous half of Transaction Status (§1.7) and Reversal (§1.8): after the synchronous ack, a
 * {@code {"Result":…}} is POSTed to ResultURL (or, in results mode "timeout", a timeout to QueueTimeOutURL instead).
 * The outcome is decided when the Result is sent, so a reversal that times out is never performed.
 *
 * <p>Wire quirks kept on purpose so clients handle both forms: ResultCode is a number for 0/2001/2 and a string for
 * R000001/R000002/SFC_IC0003/SVC0403; ReferenceData.ReferenceItem is an object in status Results and an array in
 * reversal Results; ResultParameter values are numbers or strings, and TransactionReason has no Value at all.
 */
@Component
@ConditionalOnDarajaSimulator
public class AccountResultsSimulator {

    static final String ORG_NAME = "OnPoint Simulated Org";
    static final String CUSTOMER_NAME = C2bTransaction.FIRST_NAME + " " + C2bTransaction.LAST_NAME;

    public enum Mode {
        NORMAL,
        TIMEOUT,
        LATE;

        static Mode parse(String value) {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record ModeSettings(Mode mode, long delayMs) {

        ObjectNode toJson() {
            return SimulatorJson.object().put("mode", mode.wireName()).put("delay_ms", delayMs);
        }
    }

    record Ack(String originatorConversationId, String conversationId) {}

    /** A transaction a receipt names, whichever API created it. */
    record Original(
            String receipt,
            String kind,
            String shortCode,
            String otherShortCode,
            long amount,
            String msisdn,
            Instant initiated,
            Instant finalised,
            String status,
            C2bTransaction c2b,
            Payout payout) {}

    /** A performed reversal, by its own receipt (for Transaction Status) and by the original's. */
    record Reversed(String receipt, String originatorConversationId, Original original, Instant at) {}

    private static final ModeSettings NORMAL = new ModeSettings(Mode.NORMAL, 0);

    private final DarajaAccountProperties properties;
    private final SecurityCredentials credentials;
    private final DarajaStkTransactions stk;
    private final C2bSimulator c2b;
    private final OrgAccounts accounts;
    private final PayoutSimulator payouts;
    private final DarajaCallbackSender callbackSender;
    private final AccountScheduler scheduler;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<ModeSettings> mode = new AtomicReference<>(NORMAL);
    /** A proxy in front of the Reversal endpoint answering its HTML 404 page (a fault for the gateway's tests). */
    private final java.util.concurrent.atomic.AtomicBoolean reversalBehindBrokenProxy =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final ConcurrentMap<String, Reversed> reversalsByOriginal = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Reversed> reversalsByReceipt = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> reversalReceiptsByConversation = new ConcurrentHashMap<>();

    public AccountResultsSimulator(
            DarajaAccountProperties properties,
            SecurityCredentials credentials,
            DarajaStkTransactions stk,
            C2bSimulator c2b,
            OrgAccounts accounts,
            PayoutSimulator payouts,
            DarajaCallbackSender callbackSender,
            AccountScheduler scheduler) {
        this.properties = properties;
        this.credentials = credentials;
        this.stk = stk;
        this.c2b = c2b;
        this.accounts = accounts;
        this.payouts = payouts;
        this.callbackSender = callbackSender;
        this.scheduler = scheduler;
    }

    ModeSettings mode() {
        return mode.get();
    }

    void mode(ModeSettings settings) {
        mode.set(settings);
    }

    void reset() {
        mode.set(NORMAL);
        reversalBehindBrokenProxy.set(false);
    }

    boolean reversalBehindBrokenProxy() {
        return reversalBehindBrokenProxy.get();
    }

    void reversalBehindBrokenProxy(boolean broken) {
        reversalBehindBrokenProxy.set(broken);
    }

    Ack status(AccountRequests.StatusQuery query) {
        Ack ack = newAck();
        deliver(ack, query.resultUrl(), query.queueTimeOutUrl(), () -> statusResult(query, ack));
        return ack;
    }

    Ack reverse(AccountRequests.Reversal reversal) {
        Ack ack = newAck();
        deliver(ack, reversal.resultUrl(), reversal.queueTimeOutUrl(), () -> reversalResult(reversal, ack));
        return ack;
    }

    /** Every reversal performed so far. */
    java.util.List<Reversed> reversals() {
        return java.util.List.copyOf(reversalsByReceipt.values());
    }

    /** The STK, C2B or reversal transaction with this receipt (C2B TransID), if the simulator issued it. */
    Optional<Original> lookup(String receipt) {
        if (receipt == null) {
            return Optional.empty();
        }
        Optional<Original> fromStk = stk.findByReceipt(receipt)
                .map(t -> new Original(
                        receipt,
                        "stk",
                        t.request().businessShortCode(),
                        t.request().partyB(),
                        t.request().amount(),
                        t.request().phoneNumber(),
                        t.createdAt(),
                        t.outcome().resolvedAt(),
                        "Completed",
                        null,
                        null));
        if (fromStk.isPresent()) {
            return fromStk;
        }
        Optional<Original> fromC2b = c2b.find(receipt)
                .map(t -> new Original(
                        receipt,
                        "c2b",
                        t.payment().shortCode(),
                        t.payment().shortCode(),
                        t.payment().amount(),
                        t.payment().msisdn(),
                        t.transTime(),
                        t.finalisedAt() != null ? t.finalisedAt() : t.transTime(),
                        c2bStatus(t),
                        t,
                        null));
        if (fromC2b.isPresent()) {
            return fromC2b;
        }
        Optional<Original> fromPayout = payouts.findByReceipt(receipt).map(AccountResultsSimulator::payoutOriginal);
        if (fromPayout.isPresent()) {
            return fromPayout;
        }
        return Optional.ofNullable(reversalsByReceipt.get(receipt))
                .map(r -> new Original(
                        r.receipt(),
                        "reversal",
                        r.original().shortCode(),
                        r.original().shortCode(),
                        r.original().amount(),
                        r.original().msisdn(),
                        r.at(),
                        r.at(),
                        "Completed",
                        null,
                        null));
    }

    private static Original payoutOriginal(Payout payout) {
        PayoutRequests.PayoutRequest request = payout.request();
        return new Original(
                payout.transactionId(),
                payout.kind().name().toLowerCase(Locale.ROOT),
                request.partyA(),
                request.partyB(),
                request.amount(),
                request.partyB(),
                payout.receivedAt(),
                payout.receivedAt(),
                payout.transactionStatus(),
                null,
                payout);
    }

    private Optional<Original> lookupByConversation(String originatorConversationId) {
        if (originatorConversationId == null) {
            return Optional.empty();
        }
        Optional<Payout> payout = payouts.find(originatorConversationId);
        if (payout.isPresent()) {
            return payout.map(AccountResultsSimulator::payoutOriginal);
        }
        Optional<C2bTransaction> payment = c2b.findByConversation(originatorConversationId);
        if (payment.isPresent()) {
            return lookup(payment.get().transId());
        }
        return lookup(reversalReceiptsByConversation.get(originatorConversationId));
    }

    private static String c2bStatus(C2bTransaction transaction) {
        return switch (transaction.status()) {
            case COMPLETED -> "Completed";
            case REJECTED -> "Declined";
            case CANCELLED -> "Cancelled";
            case PENDING -> "Pending";
        };
    }

    private Ack newAck() {
        return new Ack(AccountIds.originatorConversationId(), AccountIds.conversationId(clock.instant()));
    }

    /** The results mode at request time decides: Result after result-delay, Result after delay_ms, or a timeout. */
    private void deliver(Ack ack, String resultUrl, String timeoutUrl, Supplier<ObjectNode> result) {
        ModeSettings settings = mode.get();
        Duration normal = properties.resultDelay();
        switch (settings.mode()) {
            case NORMAL -> scheduler.schedule(() -> send(ack, resultUrl, result.get()), normal);
            case LATE ->
                scheduler.schedule(() -> send(ack, resultUrl, result.get()), Duration.ofMillis(settings.delayMs()));
            case TIMEOUT ->
                scheduler.schedule(
                        () -> send(ack, timeoutUrl, timeoutBody(ack)),
                        settings.delayMs() > 0 ? Duration.ofMillis(settings.delayMs()) : normal);
        }
    }

    private void send(Ack ack, String url, ObjectNode body) {
        callbackSender.send(ack.conversationId(), 1, url, SimulatorJson.write(body));
    }

    private ObjectNode statusResult(AccountRequests.StatusQuery query, Ack ack) {
        ObjectNode reference = SimulatorJson.object();
        ObjectNode occasion = reference.putObject("ReferenceItem").put("Key", "Occasion");
        if (query.occasion() != null) {
            occasion.put("Value", query.occasion());
        }
        if (!credentials.accepts(query.initiator(), query.securityCredential())) {
            return failure(ack, 2001, StkResultCodes.describe(2001), reference);
        }
        Optional<Original> found = lookup(query.transactionId());
        if (found.isEmpty()) {
            found = lookupByConversation(query.originalConversationId());
        }
        if (found.isEmpty() && query.transactionId() == null) {
            // Asked by OriginalConversationID alone and the simulator never received a request with it: Daraja
            // documents no code for this, so the simulator answers R000002, the code the reference (§1.8) gives
            // for an invalid or unknown original transaction, and a client may safely send the payout (again).
            return failure(ack, "R000002", "The OriginalConversationID is invalid.", reference);
        }
        if (found.isEmpty()) {
            return failure(ack, 2, "The transaction receipt number does not exist.", reference);
        }
        Original original = found.get();
        boolean reversed = reversalsByOriginal.containsKey(original.receipt());
        ObjectNode result = resultHead(ack, 0, StkResultCodes.describe(0), DarajaIds.receiptNumber());
        ArrayNode parameters = result.putObject("ResultParameters").putArray("ResultParameter");
        boolean payout = original.payout() != null;
        // A payout is paid by the organisation to the recipient; everything else by a customer to the organisation.
        parameters
                .addObject()
                .put("Key", "DebitPartyName")
                .put("Value", payout ? orgName(original.shortCode()) : partyName(original));
        parameters
                .addObject()
                .put("Key", "CreditPartyName")
                .put("Value", payout ? payoutRecipientName(original) : orgName(original.shortCode()));
        parameters
                .addObject()
                .put("Key", "OriginatorConversationID")
                .put("Value", payout ? original.payout().originatorConversationId() : ack.originatorConversationId());
        parameters.addObject().put("Key", "InitiatedTime").put("Value", time(original.initiated()));
        parameters
                .addObject()
                .put("Key", "DebitAccountType")
                .put("Value", payout ? payoutAccount(original) : "MMF Account For Customer");
        ObjectNode charges = parameters.addObject().put("Key", "DebitPartyCharges");
        if (payout && original.payout().charge() > 0) {
            charges.put(
                    "Value",
                    PayoutSimulator.B2C_CHARGE_NAME + "|KES|"
                            + OrgAccounts.format(
                                    BigDecimal.valueOf(original.payout().charge())));
        }
        parameters.addObject().put("Key", "TransactionReason");
        parameters.addObject().put("Key", "ReasonType").put("Value", reasonType(original));
        parameters.addObject().put("Key", "TransactionStatus").put("Value", reversed ? "Reversed" : original.status());
        parameters.addObject().put("Key", "FinalisedTime").put("Value", time(original.finalised()));
        parameters.addObject().put("Key", "Amount").put("Value", original.amount());
        parameters
                .addObject()
                .put("Key", "ConversationID")
                .put("Value", payout ? original.payout().conversationId() : ack.conversationId());
        parameters.addObject().put("Key", "ReceiptNo").put("Value", original.receipt());
        result.set("ReferenceData", reference);
        return wrap(result);
    }

    private ObjectNode reversalResult(AccountRequests.Reversal request, Ack ack) {
        ObjectNode reference = SimulatorJson.object();
        reference
                .putArray("ReferenceItem")
                .addObject()
                .put("Key", "QueueTimeoutURL")
                .put("Value", request.queueTimeOutUrl());
        if (!credentials.accepts(request.initiator(), request.securityCredential())) {
            return failure(ack, 2001, StkResultCodes.describe(2001), reference);
        }
        Original original = lookup(request.transactionId()).orElse(null);
        if (original == null
                || !("stk".equals(original.kind()) || "c2b".equals(original.kind()))
                || !"Completed".equals(original.status())
                || original.amount() != request.amount()) {
            // Daraja reverses whole transactions only: a partial amount names no reversible transaction either.
            return failure(ack, "R000002", "The OriginalTransactionID is invalid.", reference);
        }
        if (!request.receiverParty().equals(original.shortCode())
                && !request.receiverParty().equals(original.otherShortCode())) {
            return failure(ack, "SFC_IC0003", "Receiver party is invalid", reference);
        }
        Instant now = clock.instant();
        Reversed reversed = new Reversed(DarajaIds.receiptNumber(), ack.originatorConversationId(), original, now);
        if (reversalsByOriginal.putIfAbsent(original.receipt(), reversed) != null) {
            return failure(ack, "R000001", "The transaction has already been reversed.", reference);
        }
        reversalsByReceipt.put(reversed.receipt(), reversed);
        reversalReceiptsByConversation.put(ack.originatorConversationId(), reversed.receipt());
        if (original.c2b() != null) {
            original.c2b().reversedBy(reversed.receipt());
        }
        BigDecimal balance = accounts.debit(original.shortCode(), original.amount());
        String formatted = OrgAccounts.format(balance);

        ObjectNode result = resultHead(ack, 0, StkResultCodes.describe(0), reversed.receipt());
        ArrayNode parameters = result.putObject("ResultParameters").putArray("ResultParameter");
        parameters
                .addObject()
                .put("Key", "DebitAccountBalance")
                .put("Value", "Utility Account|KES|" + formatted + "|" + formatted + "|0.00|0.00");
        parameters.addObject().put("Key", "Amount").put("Value", original.amount());
        parameters.addObject().put("Key", "TransCompletedTime").put("Value", time(now));
        parameters.addObject().put("Key", "OriginalTransactionID").put("Value", original.receipt());
        parameters.addObject().put("Key", "Charge").put("Value", new BigDecimal("0.00"));
        parameters.addObject().put("Key", "CreditPartyPublicName").put("Value", partyName(original));
        parameters.addObject().put("Key", "DebitPartyPublicName").put("Value", orgName(original.shortCode()));
        result.set("ReferenceData", reference);
        return wrap(result);
    }

    private static ObjectNode timeoutBody(Ack ack) {
        return ResultEnvelope.timeout(ack.originatorConversationId(), ack.conversationId());
    }

    private static ObjectNode failure(Ack ack, int code, String desc, ObjectNode reference) {
        ObjectNode result = resultHead(ack, code, desc, AccountIds.failedTransactionId());
        result.set("ReferenceData", reference);
        return wrap(result);
    }

    private static ObjectNode failure(Ack ack, String code, String desc, ObjectNode reference) {
        ObjectNode result = ResultEnvelope.head(
                ack.originatorConversationId(), ack.conversationId(), code, desc, AccountIds.failedTransactionId());
        result.set("ReferenceData", reference);
        return wrap(result);
    }

    private static ObjectNode resultHead(Ack ack, int code, String desc, String transactionId) {
        return ResultEnvelope.head(ack.originatorConversationId(), ack.conversationId(), code, desc, transactionId);
    }

    private static ObjectNode wrap(ObjectNode result) {
        return ResultEnvelope.wrap(result);
    }

    private static String partyName(Original original) {
        return original.msisdn() + " - " + CUSTOMER_NAME;
    }

    private static String orgName(String shortCode) {
        return shortCode + " - " + ORG_NAME;
    }

    private static String payoutRecipientName(Original original) {
        return original.payout().kind() == PayoutRequests.Kind.B2C
                ? partyName(original)
                : orgName(original.otherShortCode());
    }

    private static String payoutAccount(Original original) {
        return original.payout().kind() == PayoutRequests.Kind.B2C ? "Utility Account" : "Working Account";
    }

    private static String reasonType(Original original) {
        return switch (original.kind()) {
            case "stk" -> "Pay Bill Online";
            case "reversal" -> "Reversal";
            case "b2c" -> "Business Payment to Customer";
            case "b2b" ->
                "BusinessBuyGoods".equals(original.payout().request().commandId())
                        ? "Business Buy Goods"
                        : "Business Pay Bill";
            default -> original.c2b() != null ? original.c2b().payment().transactionType() : "Pay Bill";
        };
    }

    private static long time(Instant at) {
        return ResultEnvelope.time(at);
    }
}
