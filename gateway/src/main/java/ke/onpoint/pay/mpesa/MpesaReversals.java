package ke.onpoint.pay.mpesa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.RefundAnswer;
import ke.onpoint.pay.payment.RefundChannel;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Refunds of M-Pesa payments through Daraja's Reversal API. Daraja reverses whole transactions, so only the full
 * amount can be refunded. The answer is asynchronous: the refund stays pending until the Result (see
 * {@link DarajaResultRoutes}); one that never comes is sent again on the reconciliation schedule, and Safaricom's
 * own "already reversed" (R000001) makes a repeated reversal harmless: the money is never returned twice.
 */
@Component
public class MpesaReversals implements RefundChannel {

    static final String KIND = "reversal";
    private static final String RECEIVER_IS_SHORTCODE = "11";
    static final String NOT_CONFIRMED = "REVERSAL_NOT_CONFIRMED";

    private final DarajaProperties daraja;
    private final SecurityCredential credential;
    private final ProducerTemplate producer;
    private final ke.onpoint.pay.payment.PaymentRepository payments;
    private final ke.onpoint.pay.refund.RefundRepository refunds;
    private final MerchantShortcodes shortcodes;

    public MpesaReversals(
            DarajaProperties daraja,
            SecurityCredential credential,
            @Lazy ProducerTemplate producer,
            ke.onpoint.pay.payment.PaymentRepository payments,
            ke.onpoint.pay.refund.RefundRepository refunds,
            MerchantShortcodes shortcodes) {
        this.shortcodes = shortcodes;
        this.daraja = daraja;
        this.credential = credential;
        this.producer = producer;
        this.payments = payments;
        this.refunds = refunds;
    }

    @Override
    public String name() {
        return StkCallbacks.PROVIDER;
    }

    @Override
    public Optional<String> refusal(Payment payment, long amountMinor) {
        if (payment.providerReceipt() == null) {
            return Optional.of("no M-Pesa receipt is known for this payment yet, so it cannot be reversed");
        }
        if (amountMinor != payment.amountMinor()) {
            return Optional.of("M-Pesa reverses whole transactions: refund the full KES "
                    + Money.toMajor(payment.amountMinor()) + " (partial M-Pesa refunds are not possible)");
        }
        return Optional.empty();
    }

    @Override
    public RefundAnswer refund(Payment payment, long amountMinor, String reason) {
        // reversed by the shortcode that received the money, at the Daraja of the payment's mode
        MerchantShortcodes.Shortcode shortcode = shortcodes.forMerchant(payment.merchantId(), payment.mode());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Initiator", shortcode.profile().initiatorName());
        body.put("SecurityCredential", credential.current(shortcode.profile()));
        body.put("CommandID", "TransactionReversal");
        body.put("TransactionID", payment.providerReceipt());
        body.put("Amount", Money.toMajor(amountMinor).toBigInteger().toString());
        body.put("ReceiverParty", shortcode.shortcode());
        body.put("RecieverIdentifierType", RECEIVER_IS_SHORTCODE); // Safaricom's spelling, on purpose
        body.put("ResultURL", daraja.resultUrl(KIND));
        body.put("QueueTimeOutURL", daraja.queueTimeoutUrl(KIND));
        body.put("Remarks", remarks(reason));
        body.put("Occasion", payment.reference()); // comes back in the Result: finds the payment if all else fails
        Exchange answer = producer.send(DarajaRoutes.CALL, exchange -> {
            exchange.setProperty(DarajaRoutes.PATH, "/mpesa/reversal/v1/request");
            exchange.setProperty(DarajaRoutes.PROFILE, shortcode.profile().name());
            exchange.getMessage().setBody(DarajaResponses.json(body));
        });
        if (answer.getException() != null) {
            Exception failure = answer.getException();
            if (failure instanceof DarajaApiException api && !api.isThrottled()) {
                return new RefundAnswer(
                        RefundAnswer.Status.FAILED, null, "M-Pesa: " + failure.getMessage(), api.errorCode());
            }
            // no answer we can read (transport failure, a proxy's HTML page, the breaker open, throttling): Daraja may
            // or may not have the reversal, so it is unknown, not failed; sent again on the refund check schedule
            return new RefundAnswer(
                    RefundAnswer.Status.PENDING,
                    null,
                    "M-Pesa did not confirm the reversal: " + failure.getMessage(),
                    NOT_CONFIRMED);
        }
        JsonNode ack = answer.getMessage().getBody(JsonNode.class);
        if (!"0".equals(StkResult.code(ack.get("ResponseCode")))) {
            return new RefundAnswer(
                    RefundAnswer.Status.FAILED,
                    null,
                    ack.path("ResponseDescription").asText(),
                    "REVERSAL_" + ack.path("ResponseCode").asText());
        }
        return new RefundAnswer(
                RefundAnswer.Status.PENDING, ack.path("ConversationID").asText(null), "M-Pesa accepted the reversal");
    }

    /**
     * No Result within the window: send the reversal again (R000001 tells us if the first one went through). A resend
     * Daraja refuses leaves the refund pending: the first request may still have reversed the money.
     */
    @Override
    public RefundAnswer refundStatus(String conversationId) {
        RefundAnswer resent = refunds.pendingByProviderId(name(), conversationId)
                .map(refund -> refund(payments.findById(refund.paymentId()), refund.amountMinor(), refund.reason()))
                .orElse(null);
        return resent != null && resent.status() == RefundAnswer.Status.PENDING
                ? resent
                : new RefundAnswer(RefundAnswer.Status.PENDING, conversationId, "awaiting the reversal's result");
    }

    /** Daraja wants 2 to 100 characters. */
    static String remarks(String reason) {
        String text = reason == null || reason.isBlank() ? "Refund" : reason.trim();
        return text.length() > 100 ? text.substring(0, 100) : text.length() < 2 ? "Refund" : text;
    }
}
