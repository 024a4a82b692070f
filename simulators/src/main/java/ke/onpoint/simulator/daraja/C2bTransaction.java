package ke.onpoint.simulator.daraja;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * One customer payment to a shortcode (C2B simulate or {@code /__sim/c2b/pay}). Its status leaves PENDING exactly once
 * (compare-and-set); a completed payment can later be reversed.
 */
final class C2bTransaction {

    enum Status {
        PENDING,
        COMPLETED,
        REJECTED,
        CANCELLED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String FIRST_NAME = "John";
    static final String LAST_NAME = "Doe";

    private final String transId;
    private final String originatorConversationId;
    private final AccountRequests.C2bPayment payment;
    private final C2bSimulator.Registered registration;
    private final Instant transTime;
    private final AtomicReference<Status> status = new AtomicReference<>(Status.PENDING);
    private final AtomicInteger posts = new AtomicInteger();
    private volatile String rejectionCode;
    private volatile String confirmationBody;
    private volatile Instant finalisedAt;
    private volatile String reversalReceipt;

    C2bTransaction(
            String transId,
            String originatorConversationId,
            AccountRequests.C2bPayment payment,
            C2bSimulator.Registered registration,
            Instant transTime) {
        this.transId = transId;
        this.originatorConversationId = originatorConversationId;
        this.payment = payment;
        this.registration = registration;
        this.transTime = transTime;
    }

    /** Moves PENDING to the given final status; false when another path got there first. */
    boolean finish(Status to, Instant at) {
        boolean done = status.compareAndSet(Status.PENDING, to);
        if (done) {
            finalisedAt = at;
        }
        return done;
    }

    void rejectionCode(String code) {
        this.rejectionCode = code;
    }

    void confirmationBody(String body) {
        this.confirmationBody = body;
    }

    void reversedBy(String receipt) {
        this.reversalReceipt = receipt;
    }

    int nextPost() {
        return posts.incrementAndGet();
    }

    /**
     * The validation/confirmation payload (§1.6): every value a string, OrgAccountBalance blank on validation, and
     * the MSISDN in full for v1 registrations but SHA-256-hashed for v2 (what Safaricom sends in practice).
     */
    ObjectNode notification(String orgAccountBalance, String thirdPartyTransId) {
        boolean v2 = registration != null && "v2".equals(registration.version());
        return SimulatorJson.object()
                .put("TransactionType", payment.transactionType())
                .put("TransID", transId)
                .put("TransTime", DarajaTime.TIMESTAMP.format(transTime))
                .put("TransAmount", payment.amount() + ".00")
                .put("BusinessShortCode", payment.shortCode())
                .put("BillRefNumber", payment.billRefNumber())
                .put("InvoiceNumber", "")
                .put("OrgAccountBalance", orgAccountBalance)
                .put("ThirdPartyTransID", thirdPartyTransId == null ? "" : thirdPartyTransId)
                .put("MSISDN", v2 ? sha256Hex(payment.msisdn()) : payment.msisdn())
                .put("FirstName", FIRST_NAME)
                .put("MiddleName", "")
                .put("LastName", LAST_NAME);
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String transId() {
        return transId;
    }

    String originatorConversationId() {
        return originatorConversationId;
    }

    AccountRequests.C2bPayment payment() {
        return payment;
    }

    C2bSimulator.Registered registration() {
        return registration;
    }

    Instant transTime() {
        return transTime;
    }

    Instant finalisedAt() {
        return finalisedAt;
    }

    Status status() {
        return status.get();
    }

    String confirmationBody() {
        return confirmationBody;
    }

    String reversalReceipt() {
        return reversalReceipt;
    }

    /** The simulator's own view for {@code GET /__sim/c2b/transactions/{TransID}}. */
    ObjectNode toJson() {
        ObjectNode json = SimulatorJson.object()
                .put("trans_id", transId)
                .put("originator_conversation_id", originatorConversationId)
                .put("status", status.get().wireName())
                .put("reversed", reversalReceipt != null)
                .put("reversal_receipt", reversalReceipt)
                .put("short_code", payment.shortCode())
                .put("command_id", payment.commandId())
                .put("transaction_type", payment.transactionType())
                .put("amount", payment.amount())
                .put("msisdn", payment.msisdn())
                .put("bill_ref_number", payment.billRefNumber())
                .put("trans_time", DarajaTime.TIMESTAMP.format(transTime))
                .put("api_version", registration == null ? null : registration.version())
                .put(
                        "response_type",
                        registration == null
                                ? null
                                : registration.registration().responseType())
                .put("rejection_code", rejectionCode)
                .put("finalised_at", finalisedAt == null ? null : finalisedAt.toString());
        json.set("confirmation", confirmationBody == null ? null : SimulatorJson.read(confirmationBody));
        return json;
    }
}
