package ke.onpoint.pay.mpesa;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import ke.onpoint.pay.payment.InitiationOutcome;
import ke.onpoint.pay.payment.InitiationOutcome.Reason;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * M-Pesa Express: the STK Push that prompts the customer's phone, and STK Query that asks how it ended.
 *
 * <p>{@link #PUSH}: in a {@link Payment}, out an {@link InitiationOutcome} (never an exception: a refusal or an
 * outage is an outcome the ledger records). {@link #QUERY}: in a pushed {@link Payment}, out an {@link StkResult},
 * or null while Daraja says the transaction "is being processed".
 */
@Component
public class StkPushRoutes extends RouteBuilder {

    public static final String PUSH = "direct:mpesa-stk-push";
    public static final String QUERY = "direct:mpesa-stk-query";
    private static final int ACCOUNT_REFERENCE_MAX = 12;
    private static final int TRANSACTION_DESC_MAX = 13;

    private final DarajaProperties daraja;
    private final MerchantShortcodes shortcodes;

    public StkPushRoutes(DarajaProperties daraja, MerchantShortcodes shortcodes) {
        this.daraja = daraja;
        this.shortcodes = shortcodes;
    }

    @Override
    public void configure() {
        from(PUSH).routeId("mpesa-stk-push")
                .doTry()
                    .process(e -> e.getMessage().setBody(DarajaResponses.json(pushRequest(e, e.getMessage().getBody(Payment.class)))))
                    .setProperty(DarajaRoutes.PATH, constant("/mpesa/stkpush/v1/processrequest"))
                    .to(DarajaRoutes.CALL)
                    .process(e -> e.getMessage().setBody(accepted(e.getMessage().getBody(JsonNode.class))))
                .doCatch(Exception.class)
                    .process(e -> e.getMessage().setBody(rejection(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))))
                .end();

        from(QUERY).routeId("mpesa-stk-query")
                .setProperty("checkoutRequestId", simple("${body.checkoutRequestId}"))
                .process(e -> e.getMessage().setBody(DarajaResponses.json(queryRequest(e, e.getMessage().getBody(Payment.class)))))
                .setProperty(DarajaRoutes.PATH, constant("/mpesa/stkpushquery/v1/query"))
                .doTry()
                    .to(DarajaRoutes.CALL)
                    .process(e -> e.getMessage().setBody(queryResult(e.getProperty("checkoutRequestId", String.class),
                            e.getMessage().getBody(JsonNode.class))))
                .doCatch(DarajaApiException.class).onWhen(StkPushRoutes::stillProcessing)
                    .setBody(constant(null))
                .end();
    }

    /** The push for the payment's shortcode, to the Daraja of its mode. */
    Map<String, Object> pushRequest(Exchange exchange, Payment payment) {
        MerchantShortcodes.Shortcode shortcode = shortcodes.forMerchant(payment.merchantId(), payment.mode());
        exchange.setProperty(DarajaRoutes.PROFILE, shortcode.profile().name());
        Map<String, Object> body = authenticatedRequest(shortcode);
        // a merchant's own shortcode is a paybill; the gateway's own may be a till (Buy Goods)
        body.put("TransactionType", shortcode.shortcode().equals(shortcode.profile().shortcode())
                ? shortcode.profile().transactionType() : "CustomerPayBillOnline");
        body.put("Amount", Money.toMajor(payment.amountMinor()).longValueExact()); // whole KES, validated earlier
        body.put("PartyA", payment.phone());
        body.put("PartyB", shortcode.partyB());
        body.put("PhoneNumber", payment.phone());
        body.put("CallBackURL", daraja.stkCallbackUrl());
        body.put("AccountReference", accountReference(payment));
        body.put("TransactionDesc", transactionDesc(payment));
        return body;
    }

    /** Asked with the shortcode the payment was pushed for, of the Daraja it was pushed to. */
    Map<String, Object> queryRequest(Exchange exchange, Payment payment) {
        MerchantShortcodes.Shortcode shortcode = shortcodes.forMerchant(payment.merchantId(), payment.mode());
        exchange.setProperty(DarajaRoutes.PROFILE, shortcode.profile().name());
        Map<String, Object> body = authenticatedRequest(shortcode);
        body.put("CheckoutRequestID", payment.checkoutRequestId());
        return body;
    }

    /** The shortcode with a Password built from the same Timestamp it is sent with. */
    private static Map<String, Object> authenticatedRequest(MerchantShortcodes.Shortcode shortcode) {
        DarajaPassword password = DarajaPassword.at(Instant.now(), shortcode.shortcode(), shortcode.passkey());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BusinessShortCode", shortcode.shortcode());
        body.put("Password", password.password());
        body.put("Timestamp", password.timestamp());
        return body;
    }

    /** Shown on the customer's prompt: alphanumeric, at most 12 characters, from the merchant's reference. */
    static String accountReference(Payment payment) {
        String cleaned = payment.merchantReference().replaceAll("[^A-Za-z0-9]", "");
        if (cleaned.isEmpty()) {
            cleaned = payment.reference();
        }
        return cleaned.length() <= ACCOUNT_REFERENCE_MAX ? cleaned : cleaned.substring(cleaned.length() - ACCOUNT_REFERENCE_MAX);
    }

    static String transactionDesc(Payment payment) {
        String text = payment.description() == null ? "Payment" : payment.description().replaceAll("[^A-Za-z0-9 ]", "").trim();
        if (text.isEmpty()) {
            text = "Payment";
        }
        return text.length() <= TRANSACTION_DESC_MAX ? text : text.substring(0, TRANSACTION_DESC_MAX);
    }

    static InitiationOutcome accepted(JsonNode answer) {
        if (!"0".equals(StkResult.code(answer.get("ResponseCode")))) {
            return new InitiationOutcome.Rejected(Reason.DECLINED, "STK_" + answer.path("ResponseCode").asText(),
                    answer.path("ResponseDescription").asText("M-Pesa did not accept the request"));
        }
        return new InitiationOutcome.Accepted(StkCallbacks.PROVIDER, answer.path("MerchantRequestID").asText(null),
                answer.path("CheckoutRequestID").asText(null), answer.path("CustomerMessage").asText(null), null);
    }

    static InitiationOutcome rejection(Exception failure) {
        if (failure instanceof DarajaApiException daraja) {
            Reason reason = daraja.isThrottled() ? Reason.THROTTLED
                    : daraja.errorCode().equals("400.002.02") && daraja.errorMessage().matches("(?i).*(PhoneNumber|PartyA).*")
                    ? Reason.INVALID_PHONE : Reason.DECLINED;
            return new InitiationOutcome.Rejected(reason, daraja.errorCode(), daraja.errorMessage());
        }
        if (failure instanceof CallNotPermittedException) {
            return new InitiationOutcome.Rejected(Reason.UNAVAILABLE, "PROVIDER_UNAVAILABLE",
                    "M-Pesa is unavailable (circuit breaker open after repeated failures)");
        }
        boolean timeout = failure instanceof java.net.SocketTimeoutException
                || failure.getCause() instanceof java.net.SocketTimeoutException
                || String.valueOf(failure.getMessage()).toLowerCase().contains("timed out");
        if (timeout) {
            return new InitiationOutcome.Rejected(Reason.UNAVAILABLE, "PROVIDER_TIMEOUT", "M-Pesa did not answer in time");
        }
        String why = failure instanceof DarajaUnavailableException || failure instanceof IOException
                ? failure.getMessage() : failure.getClass().getSimpleName();
        return new InitiationOutcome.Rejected(Reason.UNAVAILABLE, "PROVIDER_UNAVAILABLE", "M-Pesa is unavailable: " + why);
    }

    /** STK Query's "The transaction is being processed": the payment is still pending, not failed. */
    private static boolean stillProcessing(Exchange exchange) {
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return failure instanceof DarajaApiException daraja && daraja.isStillProcessing();
    }

    static StkResult queryResult(String checkoutRequestId, JsonNode answer) {
        String code = StkResult.code(answer.get("ResultCode"));
        if (code == null) {
            return null; // accepted but no result yet
        }
        return new StkResult(checkoutRequestId, code, answer.path("ResultDesc").asText(null), null, null, null);
    }
}
