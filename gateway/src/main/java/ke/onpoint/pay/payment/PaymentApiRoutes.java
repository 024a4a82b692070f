package ke.onpoint.pay.payment;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.IdempotencyKeys;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.card.CardProperties;
import ke.onpoint.pay.card.CardRoutes;
import ke.onpoint.pay.mpesa.StkCallbacks;
import ke.onpoint.pay.mpesa.StkPushRoutes;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The merchant's payment API: initiate a payment (API key) and look it up (API key, or a dashboard login).
 *
 * <p>payments-initiate: authenticate · Idempotency-Key · validate · reserve against the merchant's limits · one
 * transaction writes the payment {@code pending} with its outbox event · the content-based router sends it to its
 * provider · the provider's answer is recorded · 201, or a problem naming the payment when the provider refused it.
 */
@Component
public class PaymentApiRoutes extends RouteBuilder {

    static final String INITIATE = "direct:payments-initiate";
    static final String STATUS = "direct:payments-status";
    static final String GET = "direct:payments-get";
    static final String LIST = "direct:payments-list";
    private static final String PAYMENT = "payment";
    private static final String METHOD = "paymentMethod";
    private static final String REPLAYED = "idempotentReplay";

    private final Callers callers;
    private final ApiMessages messages;
    private final ApiJson json;
    private final IdempotencyKeys idempotencyKeys;
    private final PaymentRequestValidator validator;
    private final PaymentLedger ledger;
    private final PaymentQueries queries;
    private final CardProperties cards;
    private final ProviderModes modes;
    private final TransactionLimits limits;

    public PaymentApiRoutes(Callers callers, ApiMessages messages, ApiJson json,
            IdempotencyKeys idempotencyKeys, PaymentRequestValidator validator, PaymentLedger ledger,
            PaymentQueries queries, CardProperties cards, ProviderModes modes, TransactionLimits limits) {
        this.modes = modes;
        this.limits = limits;
        this.callers = callers;
        this.messages = messages;
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
        this.validator = validator;
        this.ledger = ledger;
        this.queries = queries;
        this.cards = cards;
    }

    @Override
    public void configure() {
        rest("/payments").description("Payments, authenticated with a secret API key")
                .post("/initiate").id("rest-payments-initiate")
                    .description("Start a payment: M-Pesa STK Push, or a card checkout (Paystack, Flutterwave)")
                    .consumes("application/json").produces("application/json").to(INITIATE)
                .post("/status").id("rest-payments-status").description("A payment by gateway or merchant reference")
                    .consumes("application/json").produces("application/json").to(STATUS)
                .get("/transactions").id("rest-payments-list")
                    .description("Payments, newest first, filtered by status, payment_method, date_from, date_to")
                    .produces("application/json").to(LIST)
                .get("/transactions/{reference}").id("rest-payments-get")
                    .description("A payment by gateway or merchant reference").produces("application/json").to(GET);

        from(INITIATE).routeId("payments-initiate").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.apiKey(e, Permissions.PAYMENTS_WRITE))
                .process(this::claimIdempotencyKey)
                .filter(exchangeProperty(REPLAYED)).stop().end()
                .process(e -> e.getMessage().setBody(validator.validate(json.readObject(e.getProperty("rawBody", String.class)))))
                .process(this::openPayment)
                .choice()
                    .when(exchangeProperty(METHOD).isEqualTo(PaymentMethod.MPESA.code())).to(StkPushRoutes.PUSH)
                    .when(exchangeProperty(METHOD).isEqualTo(PaymentMethod.CARD.code())).to(CardRoutes.INITIALIZE)
                    .otherwise().throwException(ApiProblem.invalidField("payment_method", "has no provider route"))
                .end()
                .process(this::answerInitiation);

        from(STATUS).routeId("payments-status").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ))
                .process(e -> messages.respond(e, 200, queries.status(principal(e),
                        json.readObject(messages.requestBody(e)))));

        from(GET).routeId("payments-get").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ))
                .process(e -> messages.respond(e, 200, queries.get(principal(e),
                        e.getMessage().getHeader("reference", String.class))));

        from(LIST).routeId("payments-list").routeConfigurationId(ProblemResponses.CONFIGURATION_ID)
                .process(e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ))
                .process(e -> messages.respond(e, 200, queries.list(principal(e), e.getMessage().getHeaders())));
    }

    private void claimIdempotencyKey(Exchange exchange) {
        String body = messages.requestBody(exchange);
        exchange.setProperty("rawBody", body);
        exchange.setProperty(REPLAYED, idempotencyKeys.claimOrReplay(exchange, principal(exchange), body));
    }

    private void openPayment(Exchange exchange) {
        InitiatePayment request = exchange.getMessage().getBody(InitiatePayment.class);
        modes.check(principal(exchange), request.method());
        // a card payment is recorded with the primary processor; failover rewrites it to the one that took it
        String provider = request.method() == PaymentMethod.CARD ? cards.primary() : StkCallbacks.PROVIDER;
        TransactionLimits.Reservation reservation = limits.reserve(principal(exchange), request.method(), request.amountMinor());
        Payment payment;
        try {
            payment = ledger.open(principal(exchange), request, provider);
        } catch (RuntimeException notWritten) {
            reservation.release();
            throw notWritten;
        }
        exchange.setProperty(IdempotencyKeys.KEEP_ANSWER, true); // state exists now: even a failure is the answer
        MerchantPrincipal merchant = principal(exchange);
        exchange.setProperty(IdempotencyKeys.COMMITTED_ANSWER, (java.util.function.Supplier<String>)
                () -> json.write(queries.get(merchant, payment.reference())));
        exchange.setProperty(PAYMENT, payment);
        exchange.setProperty(METHOD, payment.method().code());
        exchange.getMessage().setBody(payment);
    }

    /**
     * 201 once the provider took the payment; 202 (still pending) when its answer was lost or could not be recorded,
     * since the provider may have taken it: the callback or the status check ends it, never a retry.
     */
    private void answerInitiation(Exchange exchange) {
        InitiationOutcome outcome = exchange.getMessage().getBody(InitiationOutcome.class);
        Payment opened = exchange.getProperty(PAYMENT, Payment.class);
        Payment payment;
        try {
            payment = ledger.recordInitiation(opened, outcome);
        } catch (DataAccessException notRecorded) {
            if (!(outcome instanceof InitiationOutcome.Accepted)) {
                throw notRecorded;
            }
            // the provider took it: its callback finds the payment by what it carries (see the provider's callbacks)
            log.error("Payment {} was accepted by {} but its ids could not be recorded: {}", opened.reference(),
                    opened.provider(), notRecorded.getMessage());
            messages.respond(exchange, 202, PaymentView.of(opened));
            return;
        }
        if (outcome instanceof InitiationOutcome.Rejected rejected) {
            throw ProviderRefusals.problem(payment, rejected);
        }
        messages.respond(exchange, outcome instanceof InitiationOutcome.Unknown ? 202 : 201, PaymentView.of(payment));
    }

    private static MerchantPrincipal principal(Exchange exchange) {
        return exchange.getProperty(MerchantPrincipal.PROPERTY, MerchantPrincipal.class);
    }
}
