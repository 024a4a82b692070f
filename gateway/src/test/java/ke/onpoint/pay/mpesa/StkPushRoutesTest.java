package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import ke.onpoint.pay.payment.InitiationOutcome;
import ke.onpoint.pay.payment.InitiationOutcome.Accepted;
import ke.onpoint.pay.payment.InitiationOutcome.Reason;
import ke.onpoint.pay.payment.InitiationOutcome.Rejected;
import ke.onpoint.pay.payment.InitiationOutcome.Unknown;
import ke.onpoint.pay.payment.Payment;
import org.junit.jupiter.api.Test;

/** The static helpers behind the STK Push route: request fields and how answers and failures become outcomes. */
class StkPushRoutesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Payment payment(String merchantReference, String description) {
        return PendingStkPayment.of(merchantReference, description, 10_000L, null, null);
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    // --- AccountReference ---

    @Test
    void accountReferenceKeepsOnlyAlphanumericsOfTheMerchantReference() {
        assertThat(StkPushRoutes.accountReference(payment("INV-2024-001", null)))
                .isEqualTo("INV2024001");
    }

    @Test
    void accountReferenceOfTwelveAlphanumericsIsUnchanged() {
        assertThat(StkPushRoutes.accountReference(payment("ABCDEF123456", null)))
                .isEqualTo("ABCDEF123456");
    }

    @Test
    void accountReferenceOfALongReferenceKeepsItsLastTwelveCharacters() {
        String reference = StkPushRoutes.accountReference(payment("ORDER/2024/000123", null));

        assertThat(reference).isEqualTo("ER2024000123").hasSize(12).matches("[A-Za-z0-9]+");
    }

    @Test
    void accountReferenceFallsBackToTheGatewayReferenceWhenNothingAlphanumericIsLeft() {
        String reference = StkPushRoutes.accountReference(payment("--#//", null));

        assertThat(reference).isEqualTo("16K7QX2M9PAB").hasSize(12);
        assertThat(PendingStkPayment.GATEWAY_REFERENCE).endsWith(reference);
    }

    // --- TransactionDesc ---

    @Test
    void transactionDescDefaultsToPaymentWithoutDescription() {
        assertThat(StkPushRoutes.transactionDesc(payment("INV1", null))).isEqualTo("Payment");
    }

    @Test
    void transactionDescDefaultsToPaymentWhenNothingPrintableIsLeft() {
        assertThat(StkPushRoutes.transactionDesc(payment("INV1", "!!! ### ***")))
                .isEqualTo("Payment");
        assertThat(StkPushRoutes.transactionDesc(payment("INV1", "   "))).isEqualTo("Payment");
    }

    @Test
    void transactionDescDropsPunctuationAndKeepsSpaces() {
        assertThat(StkPushRoutes.transactionDesc(payment("INV1", "Order #42!"))).isEqualTo("Order 42");
    }

    @Test
    void transactionDescIsCutToThirteenCharacters() {
        assertThat(StkPushRoutes.transactionDesc(payment("INV1", "Monthly subscription fee")))
                .isEqualTo("Monthly subsc")
                .hasSize(13);
    }

    @Test
    void transactionDescOfThirteenCharactersIsUnchanged() {
        assertThat(StkPushRoutes.transactionDesc(payment("INV1", "Shoes size 42")))
                .isEqualTo("Shoes size 42");
    }

    // --- accepted() ---

    @Test
    void responseCodeZeroIsAcceptedWithDarajaIds() throws Exception {
        InitiationOutcome outcome = StkPushRoutes.accepted(json("""
                {"MerchantRequestID":"2654-4b64-97ff-b827b542881d3130","CheckoutRequestID":"ws_CO_1007202409152617172396192",
                 "ResponseCode":"0","ResponseDescription":"Success. Request accepted for processing",
                 "CustomerMessage":"Success. Request accepted for processing"}
                """));

        assertThat(outcome)
                .isEqualTo(new Accepted(
                        "mpesa",
                        "2654-4b64-97ff-b827b542881d3130",
                        "ws_CO_1007202409152617172396192",
                        "Success. Request accepted for processing",
                        null));
    }

    @Test
    void numericResponseCodeZeroIsAcceptedToo() throws Exception {
        InitiationOutcome outcome = StkPushRoutes.accepted(json("""
                {"MerchantRequestID":"m-1","CheckoutRequestID":"ws_CO_1","ResponseCode":0}
                """));

        assertThat(outcome).isInstanceOf(Accepted.class);
        assertThat(((Accepted) outcome).checkoutId()).isEqualTo("ws_CO_1");
    }

    @Test
    void nonZeroResponseCodeIsDeclinedWithItsDescription() throws Exception {
        InitiationOutcome outcome = StkPushRoutes.accepted(json("""
                {"MerchantRequestID":"m-1","CheckoutRequestID":"ws_CO_1","ResponseCode":"1",
                 "ResponseDescription":"Unable to process request"}
                """));

        assertThat(outcome).isEqualTo(new Rejected(Reason.DECLINED, "STK_1", "Unable to process request"));
    }

    @Test
    void answerWithoutResponseCodeIsNotAccepted() throws Exception {
        InitiationOutcome outcome = StkPushRoutes.accepted(json("{\"CheckoutRequestID\":\"ws_CO_1\"}"));

        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(((Rejected) outcome).reason()).isEqualTo(Reason.DECLINED);
        assertThat(((Rejected) outcome).message()).isEqualTo("M-Pesa did not accept the request");
    }

    // --- rejection() ---

    @Test
    void spikeArrestIsThrottled() {
        Rejected rejected =
                (Rejected) StkPushRoutes.rejection(new DarajaApiException(500, "500.003.02", "Spike arrest violation"));

        assertThat(rejected).isEqualTo(new Rejected(Reason.THROTTLED, "500.003.02", "Spike arrest violation"));
    }

    @Test
    void quotaViolationIsThrottled() {
        assertThat(((Rejected) StkPushRoutes.rejection(new DarajaApiException(500, "500.003.03", "Quota Violation")))
                        .reason())
                .isEqualTo(Reason.THROTTLED);
    }

    @Test
    void invalidPhoneNumberIsInvalidPhone() {
        Rejected rejected = (Rejected)
                StkPushRoutes.rejection(new DarajaApiException(400, "400.002.02", "Bad Request - Invalid PhoneNumber"));

        assertThat(rejected)
                .isEqualTo(new Rejected(Reason.INVALID_PHONE, "400.002.02", "Bad Request - Invalid PhoneNumber"));
    }

    @Test
    void invalidPartyAIsInvalidPhone() {
        assertThat(((Rejected) StkPushRoutes.rejection(
                                new DarajaApiException(400, "400.002.02", "Bad Request - Invalid PartyA")))
                        .reason())
                .isEqualTo(Reason.INVALID_PHONE);
    }

    @Test
    void otherBadRequestIsDeclined() {
        Rejected rejected = (Rejected)
                StkPushRoutes.rejection(new DarajaApiException(400, "400.002.02", "Bad Request - Invalid Amount"));

        assertThat(rejected).isEqualTo(new Rejected(Reason.DECLINED, "400.002.02", "Bad Request - Invalid Amount"));
    }

    @Test
    void wrongCredentialsIsDeclined() {
        Rejected rejected =
                (Rejected) StkPushRoutes.rejection(new DarajaApiException(500, "500.001.1001", "Wrong credentials"));

        assertThat(rejected).isEqualTo(new Rejected(Reason.DECLINED, "500.001.1001", "Wrong credentials"));
    }

    @Test
    void openCircuitBreakerIsProviderUnavailable() {
        Rejected rejected = (Rejected) StkPushRoutes.rejection(
                CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x")));

        assertThat(rejected.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(rejected.code()).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(rejected.message()).contains("circuit breaker");
    }

    @Test
    void readTimeoutIsAnUnknownOutcomeNotAFailure() {
        assertThat(StkPushRoutes.rejection(new SocketTimeoutException("Read timed out")))
                .isEqualTo(new Unknown("mpesa", "PROVIDER_TIMEOUT", "M-Pesa did not answer in time"));
    }

    @Test
    void wrappedReadTimeoutIsAnUnknownOutcomeToo() {
        assertThat(StkPushRoutes.rejection(
                        new IllegalStateException("I/O error", new SocketTimeoutException("Read timed out"))))
                .isInstanceOf(Unknown.class)
                .extracting("code")
                .isEqualTo("PROVIDER_TIMEOUT");
    }

    @Test
    void connectionLostAfterSendingIsAnUnknownOutcome() {
        assertThat(StkPushRoutes.rejection(
                        new IllegalStateException("I/O", new java.net.SocketException("Connection reset"))))
                .isEqualTo(new Unknown(
                        "mpesa",
                        "PROVIDER_ANSWER_LOST",
                        "M-Pesa's answer was lost: SocketException: Connection reset"));
    }

    @Test
    void connectTimeoutAndRefusedConnectionAreFailuresSinceNothingWasSent() {
        assertThat(StkPushRoutes.rejection(
                        new IllegalStateException("I/O", new SocketTimeoutException("Connect timed out"))))
                .isInstanceOf(Rejected.class)
                .extracting("code")
                .isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(StkPushRoutes.rejection(new java.net.ConnectException("Connection refused")))
                .isInstanceOf(Rejected.class)
                .extracting("code")
                .isEqualTo("PROVIDER_UNAVAILABLE");
    }

    @Test
    void darajaUnavailableIsProviderUnavailableWithItsMessage() {
        assertThat(StkPushRoutes.rejection(new DarajaUnavailableException("Daraja answered HTTP 503", true)))
                .isEqualTo(new Rejected(
                        Reason.UNAVAILABLE, "PROVIDER_UNAVAILABLE", "M-Pesa is unavailable: Daraja answered HTTP 503"));
    }

    @Test
    void gatewayTimeoutOrUnreadableAnswerIsAnUnknownOutcome() {
        assertThat(StkPushRoutes.rejection(new DarajaUnavailableException("Daraja answered HTTP 504")))
                .isEqualTo(new Unknown(
                        "mpesa", "PROVIDER_ANSWER_LOST", "M-Pesa's answer was lost: Daraja answered HTTP 504"));
    }

    @Test
    void unexpectedExceptionIsUnavailableWithoutLeakingItsMessage() {
        Rejected rejected = (Rejected) StkPushRoutes.rejection(new IllegalStateException("secret internals"));

        assertThat(rejected.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(rejected.code()).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(rejected.message())
                .isEqualTo("M-Pesa is unavailable: IllegalStateException")
                .doesNotContain("secret");
    }

    // --- queryResult() ---

    @Test
    void queryResultReadsStringResultCode() throws Exception {
        StkResult result = StkPushRoutes.queryResult(pushed("ws_CO_1", "29115-1"), json("""
                {"ResponseCode":"0","MerchantRequestID":"29115-1","CheckoutRequestID":"ws_CO_1","ResultCode":"1032",
                 "ResultDesc":"Request cancelled by user"}
                """));

        assertThat(result).isEqualTo(new StkResult("ws_CO_1", "1032", "Request cancelled by user", null, null, null));
    }

    @Test
    void queryResultWithoutResultCodeIsNull() throws Exception {
        assertThat(StkPushRoutes.queryResult(
                        pushed("ws_CO_1", null), json("{\"ResponseCode\":\"0\",\"CheckoutRequestID\":\"ws_CO_1\"}")))
                .isNull();
    }

    @Test
    void queryAnswerNamingAnotherCheckoutRequestIdIsRefused() throws Exception {
        assertThatThrownBy(() -> StkPushRoutes.queryResult(pushed("ws_CO_1", null), json("""
                {"ResponseCode":"0","CheckoutRequestID":"ws_CO_2","ResultCode":"0","ResultDesc":"ok"}""")))
                .isInstanceOf(StkPushRoutes.StkAnswerMismatch.class)
                .hasMessageContaining("ws_CO_2");
        assertThatThrownBy(() -> StkPushRoutes.queryResult(pushed("ws_CO_1", null), json("""
                {"ResponseCode":"0","ResultCode":"0","ResultDesc":"ok"}""")))
                .isInstanceOf(StkPushRoutes.StkAnswerMismatch.class);
    }

    @Test
    void queryAnswerWithAnotherMerchantRequestIdIsRefused() throws Exception {
        assertThatThrownBy(() -> StkPushRoutes.queryResult(pushed("ws_CO_1", "29115-1"), json("""
                {"ResponseCode":"0","MerchantRequestID":"99999-9","CheckoutRequestID":"ws_CO_1","ResultCode":"0"}""")))
                .isInstanceOf(StkPushRoutes.StkAnswerMismatch.class)
                .hasMessageContaining("99999-9");
    }

    private static Payment pushed(String checkout, String merchantRequestId) {
        return PendingStkPayment.of("ORDER-1", null, 10_000L, merchantRequestId, checkout);
    }
}
