package ke.onpoint.simulator.paystack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * One transaction on the simulated Paystack, created by initialize (card, via hosted checkout) or by a mobile money
 * charge. Mutable and guarded by its own lock; the JSON views are snapshots.
 */
final class PaystackTransaction {

    static final String ABANDONED = "abandoned";
    static final String ONGOING = "ongoing";
    static final String SUCCESS = "success";
    static final String FAILED = "failed";
    static final String REVERSED = "reversed";

    static final String CARD = "card";
    static final String MOBILE_MONEY = "mobile_money";

    /** Simulated fees: Paystack Kenya's local card rate 2.9 %, M-Pesa 1.5 % (subunits, rounded). */
    private static final double CARD_FEE = 0.029;

    private static final double MPESA_FEE = 0.015;

    record Customer(long id, String email, String customerCode) {}

    private final long id;
    private final String reference;
    private final String accessCode;
    private final Customer customer;
    private final String currency;
    private final long requestedAmount;
    private final String callbackUrl;
    private final JsonNode metadata;
    private final JsonNode channels;
    private final Instant createdAt;
    private final String channel;
    private final String phone;

    private long amount;
    private String status;
    private String gatewayResponse = "The transaction was not completed";
    private boolean checkoutOpen;
    private Instant paidAt;
    private String ipAddress;
    private String receiptNumber;
    private ObjectNode authorization;
    private final List<PaystackRefund> refunds = new ArrayList<>();

    private PaystackTransaction(
            long id,
            String reference,
            String accessCode,
            Customer customer,
            String currency,
            long amount,
            String callbackUrl,
            JsonNode metadata,
            JsonNode channels,
            Instant createdAt,
            String channel,
            String phone,
            String status,
            String ipAddress) {
        this.id = id;
        this.reference = reference;
        this.accessCode = accessCode;
        this.customer = customer;
        this.currency = currency;
        this.requestedAmount = amount;
        this.amount = amount;
        this.callbackUrl = callbackUrl;
        this.metadata = metadata;
        this.channels = channels;
        this.createdAt = createdAt;
        this.channel = channel;
        this.phone = phone;
        this.status = status;
        this.ipAddress = ipAddress;
        this.checkoutOpen = accessCode != null;
    }

    /** A transaction from initialize: {@code abandoned} until someone pays on the hosted checkout. */
    static PaystackTransaction initialized(
            long id,
            String reference,
            String accessCode,
            Customer customer,
            PaystackRequests.Initialize request,
            Instant now,
            String ip) {
        return new PaystackTransaction(
                id,
                reference,
                accessCode,
                customer,
                request.currency(),
                request.amount(),
                request.callbackUrl(),
                request.metadata(),
                request.channels(),
                now,
                CARD,
                null,
                ABANDONED,
                ip);
    }

    /** A transaction from an M-Pesa charge: {@code ongoing} while the customer's phone shows the STK prompt. */
    static PaystackTransaction charged(
            long id, String reference, Customer customer, PaystackRequests.Charge request, Instant now, String ip) {
        PaystackTransaction transaction = new PaystackTransaction(
                id,
                reference,
                null,
                customer,
                request.currency(),
                request.amount(),
                null,
                request.metadata(),
                null,
                now,
                MOBILE_MONEY,
                request.phone(),
                ONGOING,
                ip);
        transaction.gatewayResponse = "pay_offline";
        return transaction;
    }

    long id() {
        return id;
    }

    String reference() {
        return reference;
    }

    String accessCode() {
        return accessCode;
    }

    String currency() {
        return currency;
    }

    String callbackUrl() {
        return callbackUrl;
    }

    String phone() {
        return phone;
    }

    String channel() {
        return channel;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized long amount() {
        return amount;
    }

    /** The control API's tamper: the amount verify reports changes, requested_amount stays what was asked. */
    synchronized void tamperAmount(long newAmount) {
        this.amount = newAmount;
    }

    synchronized boolean checkoutPending() {
        return checkoutOpen && ABANDONED.equals(status);
    }

    synchronized boolean isFinal() {
        return !ABANDONED.equals(status) && !ONGOING.equals(status) || !checkoutOpen && ABANDONED.equals(status);
    }

    /** Card paid on the hosted checkout; false when the checkout is no longer pending. */
    synchronized boolean pay(Instant now, String ip) {
        if (!checkoutPending()) {
            return false;
        }
        checkoutOpen = false;
        succeed(now, ip);
        authorization = cardAuthorization();
        return true;
    }

    synchronized boolean decline(Instant now, String ip) {
        if (!checkoutPending()) {
            return false;
        }
        checkoutOpen = false;
        status = FAILED;
        gatewayResponse = "Declined";
        if (ip != null) {
            ipAddress = ip;
        }
        return true;
    }

    /** The customer closed the checkout: the link is used up and the transaction stays abandoned. */
    synchronized boolean abandon() {
        if (!checkoutPending()) {
            return false;
        }
        checkoutOpen = false;
        return true;
    }

    /** The M-Pesa prompt's outcome; false when it was already decided. */
    synchronized boolean completeMobileMoney(boolean success, Instant now) {
        if (!ONGOING.equals(status)) {
            return false;
        }
        if (success) {
            succeed(now, null);
            receiptNumber = PaystackIds.mpesaReceipt();
            authorization = mobileMoneyAuthorization();
        } else {
            status = FAILED;
            gatewayResponse = "Declined";
        }
        return true;
    }

    private void succeed(Instant now, String ip) {
        status = SUCCESS;
        gatewayResponse = "Successful";
        paidAt = now;
        if (ip != null) {
            ipAddress = ip;
        }
    }

    /** What verify reports: {@code reversed} once refunds that have not failed cover the whole amount. */
    synchronized String status() {
        if (SUCCESS.equals(status) && unrefunded() <= 0) {
            return REVERSED;
        }
        return status;
    }

    /** The part of a paid amount not claimed by a pending or processed refund. */
    synchronized long unrefunded() {
        long refunded = refunds.stream()
                .filter(PaystackRefund::counts)
                .mapToLong(PaystackRefund::amount)
                .sum();
        return amount - refunded;
    }

    /** Adds a refund after the caller checked {@link #unrefunded()} under this transaction's lock. */
    synchronized void addRefund(PaystackRefund refund) {
        refunds.add(refund);
    }

    synchronized Long fees() {
        if (paidAt == null) {
            return null;
        }
        return fee(channel, amount);
    }

    /** The simulated fee of an amount paid through a channel (subunits, rounded). */
    static long fee(String channel, long amount) {
        return Math.round(amount * (MOBILE_MONEY.equals(channel) ? MPESA_FEE : CARD_FEE));
    }

    synchronized Instant paidAt() {
        return paidAt;
    }

    /** The transaction object of verify and of the charge.success webhook (reference §2.2, OpenAPI VerifyResponse). */
    synchronized ObjectNode toJson() {
        ObjectNode json = SimulatorJson.object()
                .put("id", id)
                .put("domain", "test")
                .put("status", status())
                .put("reference", reference)
                .put("receipt_number", receiptNumber)
                .put("amount", amount)
                .putNull("message")
                .put("gateway_response", gatewayResponse)
                .put("paid_at", PaystackJson.time(paidAt))
                .put("created_at", PaystackJson.time(createdAt))
                .put("channel", channel)
                .put("currency", currency)
                .put("ip_address", ipAddress);
        json.set(
                "metadata",
                metadata == null ? SimulatorJson.MAPPER.getNodeFactory().textNode("") : metadata.deepCopy());
        json.putNull("log");
        Long fees = fees();
        if (fees == null) {
            json.putNull("fees");
        } else {
            json.put("fees", fees);
        }
        json.putNull("fees_split");
        json.set("authorization", authorization == null ? SimulatorJson.object() : authorization.deepCopy());
        json.set("customer", customerJson());
        json.putNull("plan");
        json.putObject("split");
        json.putNull("order_id");
        json.put("paidAt", PaystackJson.time(paidAt));
        json.put("createdAt", PaystackJson.time(createdAt));
        json.put("requested_amount", requestedAmount);
        json.putNull("pos_transaction_data");
        json.putNull("source");
        json.putNull("fees_breakdown");
        json.putNull("connect");
        json.put("transaction_date", PaystackJson.time(createdAt));
        json.putObject("plan_object");
        json.putObject("subaccount");
        return json;
    }

    /** The abbreviated transaction inside a refund (OpenAPI RefundCreateResponse.data.transaction). */
    synchronized ObjectNode toRefundJson() {
        ObjectNode json = SimulatorJson.object()
                .put("id", id)
                .put("domain", "test")
                .put("reference", reference)
                .put("amount", amount)
                .put("paid_at", PaystackJson.time(paidAt))
                .put("channel", channel)
                .put("currency", currency);
        json.set("authorization", authorization == null ? SimulatorJson.object() : authorization.deepCopy());
        json.set("customer", customerJson());
        json.putObject("plan");
        json.putObject("subaccount").putNull("currency");
        json.putObject("split");
        json.putNull("order_id");
        json.put("paidAt", PaystackJson.time(paidAt));
        json.putNull("pos_transaction_data");
        json.putNull("source");
        json.putNull("fees_breakdown");
        return json;
    }

    /** The verify view plus what only the simulator knows (checkout state, refunds), for {@code /__sim}. */
    synchronized ObjectNode toControlJson() {
        ObjectNode json = toJson();
        json.put("access_code", accessCode);
        json.put("checkout_pending", checkoutPending());
        json.put("callback_url", callbackUrl);
        json.put("phone", phone);
        json.put("unrefunded", unrefunded());
        if (channels != null) {
            json.set("channels", channels.deepCopy());
        }
        var list = json.putArray("refunds");
        refunds.forEach(refund -> list.add(refund.id()));
        return json;
    }

    private ObjectNode customerJson() {
        return SimulatorJson.object()
                .put("id", customer.id())
                .putNull("first_name")
                .putNull("last_name")
                .put("email", customer.email())
                .put("customer_code", customer.customerCode())
                .put("phone", phone)
                .putNull("metadata")
                .put("risk_action", "default")
                .put("international_format_phone", phone);
    }

    ObjectNode customerNameJson() {
        return SimulatorJson.object().putNull("first_name").putNull("last_name").put("email", customer.email());
    }

    /** Paystack's test Visa (4084 0840 8408 4081). */
    private ObjectNode cardAuthorization() {
        return SimulatorJson.object()
                .put("authorization_code", PaystackIds.authorizationCode())
                .put("bin", "408408")
                .put("last4", "4081")
                .put("exp_month", "12")
                .put("exp_year", "2030")
                .put("channel", CARD)
                .put("card_type", "visa ")
                .put("bank", "TEST BANK")
                .put("country_code", "KE")
                .put("brand", "visa")
                .put("reusable", true)
                .put("signature", PaystackIds.signature())
                .putNull("account_name")
                .putNull("receiver_bank_account_number")
                .putNull("receiver_bank");
    }

    private ObjectNode mobileMoneyAuthorization() {
        String digits = phone.substring(1);
        return SimulatorJson.object()
                .put("authorization_code", PaystackIds.authorizationCode())
                .put("bin", digits.substring(0, Math.min(6, digits.length())))
                .put("last4", digits.substring(Math.max(0, digits.length() - 4)))
                .put("exp_month", "12")
                .put("exp_year", "9999")
                .put("channel", MOBILE_MONEY)
                .put("card_type", "")
                .put("bank", "M-PESA")
                .put("country_code", "KE")
                .put("brand", "M-PESA")
                .put("reusable", false)
                .put("signature", PaystackIds.signature())
                .putNull("account_name")
                .putNull("receiver_bank_account_number")
                .putNull("receiver_bank");
    }
}
