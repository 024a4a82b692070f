package ke.onpoint.pay.paystack;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.card.CardMetadata;
import ke.onpoint.pay.card.CardProcessor;
import ke.onpoint.pay.card.CardVerification;
import ke.onpoint.pay.card.CardVerification.Outcome;
import ke.onpoint.pay.card.ProcessorAnswer;
import ke.onpoint.pay.card.ProcessorApi;
import ke.onpoint.pay.card.ProcessorRejectedException;
import ke.onpoint.pay.payment.InitiationOutcome;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.RefundAnswer;
import org.springframework.stereotype.Component;

/**
 * Paystack's transaction API (amounts in subunits, our gateway reference as Paystack's reference), shapes as in
 * Paystack's published OpenAPI description.
 */
@Component
public class PaystackProcessor implements CardProcessor {

    public static final String NAME = "paystack";

    private final PaystackProperties paystack;
    private final ProcessorApi api;

    public PaystackProcessor(PaystackProperties paystack, ProcessorApi api) {
        this.paystack = paystack;
        this.api = api;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String baseUrl() {
        return paystack.baseUrl();
    }

    /** A live secret key ({@code sk_live_}) outside the simulator. */
    @Override
    public boolean movesRealMoney() {
        return !"simulator".equals(paystack.env())
                && paystack.secretKey() != null
                && paystack.secretKey().startsWith("sk_live_");
    }

    @Override
    public String authorization() {
        return "Bearer " + paystack.secretKey();
    }

    @Override
    public InitiationOutcome.Accepted initialize(Payment payment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", payment.email());
        body.put("amount", payment.amountMinor());
        body.put("currency", payment.currency());
        body.put("reference", payment.reference());
        body.put("channels", new String[] {"card"});
        body.put("metadata", CardMetadata.of(payment));
        JsonNode data =
                accepted(api.post(NAME, "/transaction/initialize", body)).path("data");
        return new InitiationOutcome.Accepted(
                NAME,
                data.path("reference").asText(payment.reference()),
                data.path("access_code").asText(null),
                "Redirect the customer to authorization_url to pay by card",
                data.path("authorization_url").asText(null));
    }

    @Override
    public CardVerification verify(Payment payment) {
        ProcessorAnswer answer = api.get(NAME, "/transaction/verify/" + payment.reference());
        if (!answer.ok() || !answer.body().path("status").asBoolean(false)) {
            return new CardVerification(Outcome.PENDING, 0, null, null, null, null, null, answer.message());
        }
        JsonNode data = answer.body().path("data");
        JsonNode card = data.path("authorization");
        String expiry = card.hasNonNull("exp_month")
                ? card.path("exp_month").asText() + "/" + card.path("exp_year").asText()
                : null;
        return new CardVerification(
                outcome(data.path("status").asText()),
                data.path("amount").asLong(),
                data.path("currency").asText(null),
                data.path("id").asText(null),
                card.path("last4").asText(null),
                card.path("brand").asText(null),
                expiry,
                data.path("gateway_response").asText(null),
                paidAt(data));
    }

    /** Paystack's {@code paid_at} (ISO-8601), or null when absent or unreadable. */
    private static java.time.Instant paidAt(JsonNode data) {
        String text = data.path("paid_at").asText(null);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    @Override
    public RefundAnswer refund(Payment payment, long amountMinor, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transaction", payment.reference());
        body.put("amount", amountMinor);
        body.put("currency", payment.currency());
        if (reason != null) {
            body.put("merchant_note", reason);
        }
        ProcessorAnswer answer = api.post(NAME, "/refund", body);
        if (!answer.ok() || !answer.body().path("status").asBoolean(false)) {
            return new RefundAnswer(RefundAnswer.Status.FAILED, null, answer.message());
        }
        JsonNode data = answer.body().path("data");
        return new RefundAnswer(
                refundStatusOf(data.path("status").asText()), data.path("id").asText(null), answer.message());
    }

    @Override
    public RefundAnswer refundStatus(String providerRefundId) {
        ProcessorAnswer answer = api.get(NAME, "/refund/" + providerRefundId);
        if (!answer.ok() || !answer.body().path("status").asBoolean(false)) {
            return new RefundAnswer(RefundAnswer.Status.PENDING, providerRefundId, answer.message());
        }
        return new RefundAnswer(
                refundStatusOf(answer.body().path("data").path("status").asText()),
                providerRefundId,
                "Paystack: refund " + answer.body().path("data").path("status").asText());
    }

    static Outcome outcome(String status) {
        return switch (status) {
            case "success" -> Outcome.SUCCESS;
            case "failed" -> Outcome.FAILED;
            case "abandoned" -> Outcome.ABANDONED;
            case "reversed" -> Outcome.REVERSED;
            default -> Outcome.PENDING; // ongoing, pending, processing, queued
        };
    }

    /** Paystack refunds go pending → processing → processed | failed (or needs-attention, which waits). */
    static RefundAnswer.Status refundStatusOf(String status) {
        return switch (status) {
            case "processed" -> RefundAnswer.Status.PROCESSED;
            case "failed" -> RefundAnswer.Status.FAILED;
            default -> RefundAnswer.Status.PENDING;
        };
    }

    private static JsonNode accepted(ProcessorAnswer answer) {
        if (!answer.ok() || !answer.body().path("status").asBoolean(false)) {
            throw new ProcessorRejectedException("Paystack: " + answer.message());
        }
        return answer.body();
    }
}
