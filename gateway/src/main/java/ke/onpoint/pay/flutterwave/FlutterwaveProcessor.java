package ke.onpoint.pay.flutterwave;

import java.math.BigDecimal;
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
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.RefundAnswer;
import org.springframework.stereotype.Component;

/** Flutterwave Standard (v3): amounts in major units, our gateway reference as {@code tx_ref}. */
@Component
public class FlutterwaveProcessor implements CardProcessor {

    public static final String NAME = "flutterwave";

    private final FlutterwaveProperties flutterwave;
    private final ProcessorApi api;

    public FlutterwaveProcessor(FlutterwaveProperties flutterwave, ProcessorApi api) {
        this.flutterwave = flutterwave;
        this.api = api;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String baseUrl() {
        return flutterwave.baseUrl();
    }

    /** A secret key that is not a {@code _TEST} key, outside the simulator. */
    @Override
    public boolean movesRealMoney() {
        return !"simulator".equals(flutterwave.env())
                && flutterwave.secretKey() != null
                && !flutterwave.secretKey().contains("_TEST");
    }

    @Override
    public String authorization() {
        return "Bearer " + flutterwave.secretKey();
    }

    @Override
    public InitiationOutcome.Accepted initialize(Payment payment) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("email", payment.email());
        if (payment.phone() != null) {
            customer.put("phonenumber", payment.phone());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tx_ref", payment.reference());
        body.put("amount", Money.toMajor(payment.amountMinor()));
        body.put("currency", payment.currency());
        body.put("customer", customer);
        body.put("payment_options", "card");
        body.put("meta", CardMetadata.of(payment));
        JsonNode data = accepted(api.post(NAME, "/v3/payments", body)).path("data");
        return new InitiationOutcome.Accepted(
                NAME,
                payment.reference(),
                null,
                "Redirect the customer to authorization_url to pay by card",
                data.path("link").asText(null));
    }

    @Override
    public CardVerification verify(Payment payment) {
        ProcessorAnswer answer = api.get(NAME, "/v3/transactions/verify_by_reference?tx_ref=" + payment.reference());
        if (!answer.ok() || !"success".equals(answer.body().path("status").asText())) {
            return new CardVerification(Outcome.PENDING, 0, null, null, null, null, null, answer.message());
        }
        JsonNode data = answer.body().path("data");
        JsonNode card = data.path("card");
        long amountMinor =
                Money.toMinor(new BigDecimal(data.path("amount").asText("0"))).orElse(-1L);
        return new CardVerification(
                outcome(data.path("status").asText()),
                amountMinor,
                data.path("currency").asText(null),
                data.path("id").asText(null),
                card.path("last_4digits").asText(null),
                card.path("type").asText(null),
                card.path("expiry").asText(null),
                data.path("processor_response").asText(null));
    }

    @Override
    public RefundAnswer refund(Payment payment, long amountMinor, String reason) {
        String transactionId = payment.providerTransactionId() != null
                ? payment.providerTransactionId()
                : verify(payment).providerTransactionId();
        if (transactionId == null) {
            return new RefundAnswer(RefundAnswer.Status.FAILED, null, "Flutterwave does not know this transaction");
        }
        ProcessorAnswer answer = api.post(
                NAME, "/v3/transactions/" + transactionId + "/refund", Map.of("amount", Money.toMajor(amountMinor)));
        if (!answer.ok() || !"success".equals(answer.body().path("status").asText())) {
            return new RefundAnswer(RefundAnswer.Status.FAILED, null, answer.message());
        }
        JsonNode data = answer.body().path("data");
        RefundAnswer.Status status = "completed".equals(data.path("status").asText())
                ? RefundAnswer.Status.PROCESSED
                : RefundAnswer.Status.PENDING;
        return new RefundAnswer(status, data.path("id").asText(null), answer.message());
    }

    /** Flutterwave v3 answers refunds synchronously, so none is left pending to look up. */
    @Override
    public RefundAnswer refundStatus(String providerRefundId) {
        return new RefundAnswer(RefundAnswer.Status.PENDING, providerRefundId, "no refund lookup in Flutterwave v3");
    }

    static Outcome outcome(String status) {
        return switch (status) {
            case "successful" -> Outcome.SUCCESS;
            case "failed" -> Outcome.FAILED;
            case "cancelled" -> Outcome.ABANDONED;
            default -> Outcome.PENDING;
        };
    }

    private static JsonNode accepted(ProcessorAnswer answer) {
        if (!answer.ok() || !"success".equals(answer.body().path("status").asText())) {
            throw new ProcessorRejectedException("Flutterwave: " + answer.message());
        }
        return answer.body();
    }
}
