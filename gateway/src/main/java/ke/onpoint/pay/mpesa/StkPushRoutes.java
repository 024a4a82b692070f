package ke.onpoint.pay.mpesa;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
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
 * outage is an outcome the payment records). {@link #QUERY}: in a pushed {@link Payment}, out an {@link StkResult},
 * or null while Daraja says the transaction "is being processed".
 */
@Component
public class StkPushRoutes extends RouteBuilder {

    public static final String PUSH = "direct:mpesa-stk-push";
    public static final String QUERY = "direct:mpesa-stk-query";
    private static final String ASKED = "stkQueryAsked";
    private static final int ACCOUNT_REFERENCE_MAX = 12;
    private static final int TRANSACTION_DESC_MAX = 13;

    private final DarajaProperties daraja;
    private final MerchantShortcodes shortcodes;

    public StkPushRoutes(DarajaProperties daraja, MerchantShortcodes shortcodes) {
        this.daraja = daraja;
        this.shortcodes = shortcodes;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
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
                .setProperty(ASKED, body())
                .process(e -> e.getMessage().setBody(DarajaResponses.json(queryRequest(e, e.getMessage().getBody(Payment.class)))))
                .setProperty(DarajaRoutes.PATH, constant("/mpesa/stkpushquery/v1/query"))
                .doTry()
                    .to(DarajaRoutes.CALL)
                    .process(e -> e.getMessage().setBody(queryResult(e.getProperty(ASKED, Payment.class),
                            e.getMessage().getBody(JsonNode.class))))
                .doCatch(DarajaApiException.class).onWhen(StkPushRoutes::stillProcessing)
                    .setBody(constant(null))
                .end();
    }
    // spotless:on

    /** The push for the payment's shortcode, to the Daraja of its mode. */
    Map<String, Object> pushRequest(Exchange exchange, Payment payment) {
        MerchantShortcodes.Shortcode shortcode = shortcodes.forMerchant(payment.merchantId(), payment.mode());
        exchange.setProperty(DarajaRoutes.PROFILE, shortcode.profile().name());
        Map<String, Object> body = authenticatedRequest(shortcode);
        // a merchant's own shortcode is a paybill; the gateway's own may be a till (Buy Goods)
        body.put(
                "TransactionType",
                shortcode.shortcode().equals(shortcode.profile().shortcode())
                        ? shortcode.profile().transactionType()
                        : "CustomerPayBillOnline");
        body.put("Amount", Money.toMajor(payment.amountMinor()).longValueExact()); // whole KES, validated earlier
        body.put("PartyA", payment.phone());
        body.put("PartyB", shortcode.partyB());
        body.put("PhoneNumber", payment.phone());
        body.put("CallBackURL", daraja.stkCallbackUrl(payment.reference()));
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
        return cleaned.length() <= ACCOUNT_REFERENCE_MAX
                ? cleaned
                : cleaned.substring(cleaned.length() - ACCOUNT_REFERENCE_MAX);
    }

    static String transactionDesc(Payment payment) {
        String text = payment.description() == null
                ? "Payment"
                : payment.description().replaceAll("[^A-Za-z0-9 ]", "").trim();
        if (text.isEmpty()) {
            text = "Payment";
        }
        return text.length() <= TRANSACTION_DESC_MAX ? text : text.substring(0, TRANSACTION_DESC_MAX);
    }

    static InitiationOutcome accepted(JsonNode answer) {
        if (!"0".equals(StkResult.code(answer.get("ResponseCode")))) {
            return new InitiationOutcome.Rejected(
                    Reason.DECLINED,
                    "STK_" + answer.path("ResponseCode").asText(),
                    answer.path("ResponseDescription").asText("M-Pesa did not accept the request"));
        }
        return new InitiationOutcome.Accepted(
                StkCallbacks.PROVIDER,
                answer.path("MerchantRequestID").asText(null),
                answer.path("CheckoutRequestID").asText(null),
                answer.path("CustomerMessage").asText(null),
                null);
    }

    /**
     * Why the push did not come back accepted. Daraja's own refusal (its error envelope, a 503), an open breaker, or a
     * request that never left (no connection, no token) is a definite failure. Anything after the request was sent
     * (read timeout, connection lost, an answer we cannot read) is unknown: Daraja may have prompted the customer.
     */
    static InitiationOutcome rejection(Exception failure) {
        if (failure instanceof DarajaApiException daraja) {
            Reason reason = daraja.isThrottled()
                    ? Reason.THROTTLED
                    : daraja.errorCode().equals("400.002.02")
                                    && daraja.errorMessage().matches("(?i).*(PhoneNumber|PartyA).*")
                            ? Reason.INVALID_PHONE
                            : Reason.DECLINED;
            return new InitiationOutcome.Rejected(reason, daraja.errorCode(), daraja.errorMessage());
        }
        if (failure instanceof CallNotPermittedException) {
            return new InitiationOutcome.Rejected(
                    Reason.UNAVAILABLE,
                    "PROVIDER_UNAVAILABLE",
                    "M-Pesa is unavailable (circuit breaker open after repeated failures)");
        }
        if (!mayHaveBeenTaken(failure)) {
            String why = failure instanceof DarajaUnavailableException || failure instanceof IOException
                    ? failure.getMessage()
                    : failure.getClass().getSimpleName();
            return new InitiationOutcome.Rejected(
                    Reason.UNAVAILABLE, "PROVIDER_UNAVAILABLE", "M-Pesa is unavailable: " + why);
        }
        boolean timeout = causes(failure).anyMatch(c -> c instanceof java.net.SocketTimeoutException);
        return timeout
                ? new InitiationOutcome.Unknown(
                        StkCallbacks.PROVIDER, "PROVIDER_TIMEOUT", "M-Pesa did not answer in time")
                : new InitiationOutcome.Unknown(
                        StkCallbacks.PROVIDER,
                        "PROVIDER_ANSWER_LOST",
                        "M-Pesa's answer was lost: "
                                + (failure instanceof DarajaUnavailableException
                                        ? failure.getMessage()
                                        : causes(failure)
                                                .filter(c -> c instanceof IOException)
                                                .findFirst()
                                                .map(c -> c.getClass().getSimpleName() + ": " + c.getMessage())
                                                .orElse("")));
    }

    /**
     * The request may have reached Daraja: an I/O failure once connected (read timeout, connection reset, no answer),
     * or an answer we cannot use that Daraja did not give as a refusal (502/504 from a proxy, an unreadable body).
     * Not: no connection at all (refused, unresolvable, connect or pool timeout), nor our own failure before sending.
     */
    private static boolean mayHaveBeenTaken(Exception failure) {
        if (failure instanceof DarajaUnavailableException daraja) {
            return !daraja.refused();
        }
        boolean notConnected = causes(failure)
                .anyMatch(c -> c instanceof java.net.ConnectException
                        || c instanceof java.net.UnknownHostException
                        || c instanceof java.net.NoRouteToHostException
                        || c.getClass().getSimpleName().equals("ConnectTimeoutException")
                        || c.getClass().getSimpleName().equals("ConnectionRequestTimeoutException")
                        || c instanceof java.net.SocketTimeoutException
                                && String.valueOf(c.getMessage()).toLowerCase().contains("connect"));
        return !notConnected && causes(failure).anyMatch(c -> c instanceof IOException);
    }

    private static java.util.stream.Stream<Throwable> causes(Throwable failure) {
        return java.util.stream.Stream.iterate(failure, java.util.Objects::nonNull, Throwable::getCause)
                .limit(10);
    }

    /** STK Query's "The transaction is being processed": the payment is still pending, not failed. */
    private static boolean stillProcessing(Exchange exchange) {
        Exception failure = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return failure instanceof DarajaApiException daraja && daraja.isStillProcessing();
    }

    /**
     * The final result an STK Query answer gives for the payment asked about, or null while there is none yet. An
     * answer that does not echo what we asked (its CheckoutRequestID, and the push's MerchantRequestID when both are
     * known) is about another request: it is refused ({@link StkAnswerMismatch}), never applied to this payment.
     */
    static StkResult queryResult(Payment asked, JsonNode answer) {
        String checkout = answer.path("CheckoutRequestID").asText(null);
        if (!asked.checkoutRequestId().equals(checkout)) {
            throw new StkAnswerMismatch(
                    asked.checkoutRequestId(),
                    "STK Query for " + asked.checkoutRequestId() + " answered for CheckoutRequestID " + checkout,
                    answer.toString());
        }
        String merchantRequestId = answer.path("MerchantRequestID").asText(null);
        if (StkResultCheck.differs(asked.merchantRequestId(), merchantRequestId)) {
            throw new StkAnswerMismatch(
                    asked.checkoutRequestId(),
                    "STK Query for " + asked.checkoutRequestId()
                            + " answered with MerchantRequestID " + merchantRequestId + ", not the push's "
                            + asked.merchantRequestId(),
                    answer.toString());
        }
        String code = StkResult.code(answer.get("ResultCode"));
        if (code == null) {
            return null; // accepted but no result yet
        }
        return new StkResult(checkout, code, answer.path("ResultDesc").asText(null), null, null, null);
    }

    /** An STK answer about another request than the one we asked about. */
    static final class StkAnswerMismatch extends RuntimeException {

        private final String asked;
        private final String answer;

        StkAnswerMismatch(String asked, String message, String answer) {
            super(message, null, false, false);
            this.asked = asked;
            this.answer = answer;
        }

        String asked() {
            return asked;
        }

        String answer() {
            return answer;
        }
    }
}
