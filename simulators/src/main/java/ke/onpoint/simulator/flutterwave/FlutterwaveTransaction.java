package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;

/**
 * One Flutterwave Standard payment as the simulator sees it. The request side is immutable; the status leaves
 * {@code pending} exactly once (the customer's choice on the hosted checkout), and refunds are only taken from a
 * successful payment, all under this object's lock.
 */
final class FlutterwaveTransaction {

    enum Status {
        PENDING,
        SUCCESSFUL,
        FAILED,
        CANCELLED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One synchronous refund, as {@code POST /v3/transactions/{id}/refund} answered it. */
    record Refund(long id, BigDecimal amount, Instant createdAt) {}

    /** The card a successful simulated payment used (Flutterwave's test Mastercard). */
    record Card(String token) {
        ObjectNode toJson() {
            return SimulatorJson.object()
                    .put("first_6digits", "553188")
                    .put("last_4digits", "2950")
                    .put("issuer", "MASTERCARD  CREDIT")
                    .put("country", "KE")
                    .put("type", "MASTERCARD")
                    .put("token", token)
                    .put("expiry", "09/32");
        }
    }

    static final long ACCOUNT_ID = 1_733_721;
    static final long WALLET_ID = 2_110_521;
    /** The simulated fee rate on a successful charge (Flutterwave's local card rate), borne by the merchant. */
    static final BigDecimal FEE_RATE = new BigDecimal("0.014");

    static final String DEFAULT_NARRATION = "OnPoint Pay Simulator";
    static final String ANONYMOUS_CUSTOMER = "Anonymous customer";

    /** Flutterwave's timestamps: UTC with milliseconds, e.g. {@code 2024-05-02T10:11:12.000Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final long id;
    private final String flwRef;
    private final String checkoutToken;
    private final long customerId;
    private final FlutterwavePaymentRequest request;
    private final String ip;
    private final Instant createdAt;

    private Status status = Status.PENDING;
    private Instant completedAt;
    private Card card;
    private final List<Refund> refunds = new ArrayList<>();
    private BigDecimal refunded = BigDecimal.ZERO;

    FlutterwaveTransaction(
            long id,
            String flwRef,
            String checkoutToken,
            long customerId,
            FlutterwavePaymentRequest request,
            String ip,
            Instant createdAt) {
        this.id = id;
        this.flwRef = flwRef;
        this.checkoutToken = checkoutToken;
        this.customerId = customerId;
        this.request = request;
        this.ip = ip;
        this.createdAt = createdAt;
    }

    long id() {
        return id;
    }

    String txRef() {
        return request.txRef();
    }

    String flwRef() {
        return flwRef;
    }

    String checkoutToken() {
        return checkoutToken;
    }

    FlutterwavePaymentRequest request() {
        return request;
    }

    synchronized Status status() {
        return status;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized Instant completedAt() {
        return completedAt;
    }

    /** Moves a pending payment to its final status; false (and no change) when it is no longer pending. */
    synchronized boolean complete(Status outcome, Instant at) {
        if (status != Status.PENDING || outcome == Status.PENDING) {
            return false;
        }
        status = outcome;
        completedAt = at;
        if (outcome == Status.SUCCESSFUL) {
            card = new Card("flw-t1nf-" + FlutterwaveIds.hex(32) + "-m03k");
        }
        return true;
    }

    /** What is left to refund; zero unless successful. */
    synchronized BigDecimal refundable() {
        return status == Status.SUCCESSFUL ? request.amount().subtract(refunded) : BigDecimal.ZERO;
    }

    /**
     * Takes a refund of {@code amount} (the whole rest when null). Throws Flutterwave's 400 when the payment is not
     * successful, the amount is not positive, or it exceeds what is left; then, when {@code fail}, "Refund failed"
     * with nothing taken.
     */
    synchronized Refund refund(BigDecimal amount, boolean fail, LongSupplier refundIds, Instant at) {
        if (status != Status.SUCCESSFUL) {
            throw FlutterwaveApiException.badRequest("Only successful transactions can be refunded");
        }
        BigDecimal rest = refundable();
        if (rest.signum() <= 0) {
            throw FlutterwaveApiException.badRequest("Transaction has already been fully refunded");
        }
        BigDecimal take = amount == null ? rest : amount;
        if (take.signum() <= 0) {
            throw FlutterwaveApiException.badRequest("Invalid amount");
        }
        if (take.compareTo(rest) > 0) {
            throw FlutterwaveApiException.badRequest("Refund amount exceeds the refundable balance of "
                    + rest.toPlainString() + " " + request.currency());
        }
        if (fail) {
            throw FlutterwaveApiException.badRequest("Refund failed");
        }
        Refund refund = new Refund(refundIds.getAsLong(), take, at);
        refunds.add(refund);
        refunded = refunded.add(take);
        return refund;
    }

    /** The refund's {@code data} object: Flutterwave v3 refunds card payments synchronously. */
    ObjectNode refundJson(Refund refund) {
        ObjectNode json = SimulatorJson.object()
                .put("id", refund.id())
                .put("account_id", ACCOUNT_ID)
                .put("tx_id", id)
                .put("flw_ref", flwRef)
                .put("wallet_id", WALLET_ID)
                .put("amount_refunded", refund.amount())
                .put("status", "completed")
                .put("destination", "payment_source");
        json.putObject("meta").put("source", "availablebalance");
        json.put("created_at", TIMESTAMP.format(refund.createdAt()));
        return json;
    }

    /** {@code data} of both verify endpoints. */
    synchronized ObjectNode verifyData() {
        ObjectNode data = chargeFields();
        if (card != null) {
            data.set("card", card.toJson());
        }
        if (request.meta() == null) {
            data.putNull("meta");
        } else {
            data.set("meta", request.meta().deepCopy());
        }
        data.put("amount_settled", amountSettled());
        data.set("customer", customerJson());
        return data;
    }

    /** The whole {@code charge.completed} webhook body, as Flutterwave v3 posts it. */
    synchronized ObjectNode webhookBody() {
        ObjectNode data = chargeFields();
        data.set("customer", customerJson());
        ObjectNode body = SimulatorJson.object().put("event", "charge.completed");
        body.set("data", data);
        body.put("event.type", "CARD_TRANSACTION");
        return body;
    }

    /**
     * An item of {@code GET /v3/transactions} (§3.1) as the books say it: {@code amount} and {@code status} may be
     * planted ones (reconciliation tests), and the fee and settled amount follow them.
     */
    synchronized ObjectNode listItem(BigDecimal amount, String listedStatus) {
        boolean successful = Status.SUCCESSFUL.wireName().equals(listedStatus);
        BigDecimal fee = successful
                ? FlutterwaveJson.money(amount.multiply(FEE_RATE).setScale(2, RoundingMode.HALF_UP))
                : BigDecimal.ZERO;
        ObjectNode item = chargeFields()
                .put("amount", amount)
                .put("charged_amount", amount)
                .put("app_fee", fee)
                .put("status", listedStatus);
        item.put("amount_settled", successful ? amount.subtract(fee) : BigDecimal.ZERO)
                .put("customer_name", request.customerName() != null ? request.customerName() : ANONYMOUS_CUSTOMER)
                .put("customer_email", request.customerEmail());
        return item;
    }

    /** The simulator's own view for {@code GET /__sim/transactions/{tx_ref}} and the checkout actions. */
    synchronized ObjectNode toJson(String checkoutLink) {
        ObjectNode json = SimulatorJson.object()
                .put("id", id)
                .put("tx_ref", request.txRef())
                .put("flw_ref", flwRef)
                .put("status", status.wireName())
                .put("amount", request.amount())
                .put("currency", request.currency())
                .put("amount_refunded", refunded)
                .put("refundable", refundable())
                .put("customer_email", request.customerEmail())
                .put("customer_name", request.customerName())
                .put("customer_phone", request.customerPhone())
                .put("payment_options", request.paymentOptions())
                .put("redirect_url", request.redirectUrl())
                .put("checkout_link", checkoutLink)
                .put("created_at", createdAt.toString())
                .put("completed_at", completedAt == null ? null : completedAt.toString());
        ArrayNode list = json.putArray("refunds");
        refunds.forEach(refund -> list.add(refundJson(refund)));
        return json;
    }

    private ObjectNode chargeFields() {
        return SimulatorJson.object()
                .put("id", id)
                .put("tx_ref", request.txRef())
                .put("flw_ref", flwRef)
                .put("device_fingerprint", "N/A")
                .put("amount", request.amount())
                .put("currency", request.currency())
                .put("charged_amount", request.amount())
                .put("app_fee", appFee())
                .put("merchant_fee", 0)
                .put("processor_response", processorResponse())
                .put("auth_model", "PIN")
                .put("ip", ip)
                .put("narration", request.title() != null ? request.title() : DEFAULT_NARRATION)
                .put("status", status.wireName())
                .put("payment_type", "card")
                .put("created_at", TIMESTAMP.format(createdAt))
                .put("account_id", ACCOUNT_ID);
    }

    private ObjectNode customerJson() {
        return SimulatorJson.object()
                .put("id", customerId)
                .put("name", request.customerName() != null ? request.customerName() : ANONYMOUS_CUSTOMER)
                .put("phone_number", request.customerPhone() != null ? request.customerPhone() : "N/A")
                .put("email", request.customerEmail())
                .put("created_at", TIMESTAMP.format(createdAt));
    }

    private BigDecimal appFee() {
        if (status != Status.SUCCESSFUL) {
            return BigDecimal.ZERO;
        }
        return FlutterwaveJson.money(request.amount().multiply(FEE_RATE).setScale(2, RoundingMode.HALF_UP));
    }

    private BigDecimal amountSettled() {
        return status == Status.SUCCESSFUL ? request.amount().subtract(appFee()) : BigDecimal.ZERO;
    }

    private String processorResponse() {
        return switch (status) {
            case SUCCESSFUL -> "Approved";
            case FAILED -> "Declined";
            case CANCELLED -> "Transaction cancelled by customer";
            case PENDING -> "Pending";
        };
    }
}
