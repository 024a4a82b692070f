package ke.onpoint.pay.payment;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.IdempotencyKeys;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.Exchange;
import org.apache.camel.model.ChoiceDefinition;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The merchant's payment API: initiate a payment (API key) and look it up (API key, or a dashboard login).
 *
 * <p>payments-initiate: authenticate · Idempotency-Key · validate · reserve against the merchant's limits · one
 * transaction writes the payment {@code pending} with its outbox event · the content-based router sends it to its
 * rail ({@link PaymentRail#initiation()}) · the provider's answer is recorded · 201, or a problem naming the payment
 * when the provider refused it.
 */
@Component
public class PaymentApiRoutes extends ApiRouteBuilder {

    static final String INITIATE = "direct:payments-initiate";
    static final String STATUS = "direct:payments-status";
    static final String GET = "direct:payments-get";
    static final String LIST = "direct:payments-list";
    private static final String PAYMENT = "payment";
    private static final String METHOD = "paymentMethod";

    private final Callers callers;
    private final PaymentRequestValidator validator;
    private final PaymentTransitions transitions;
    private final PaymentQueries queries;
    private final PaymentRails rails;
    private final ProviderModes modes;
    private final TransactionLimits limits;

    public PaymentApiRoutes(
            Callers callers,
            ApiMessages messages,
            ApiJson json,
            IdempotencyKeys idempotencyKeys,
            PaymentRequestValidator validator,
            PaymentTransitions transitions,
            PaymentQueries queries,
            PaymentRails rails,
            ProviderModes modes,
            TransactionLimits limits) {
        super(messages, json, idempotencyKeys);
        this.modes = modes;
        this.limits = limits;
        this.callers = callers;
        this.validator = validator;
        this.transitions = transitions;
        this.queries = queries;
        this.rails = rails;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/payments").description("Payments, authenticated with a secret API key")
                .post("/initiate").id("rest-payments-initiate")
                    .description("Start a payment: M-Pesa STK Push, or a card checkout (Paystack, Flutterwave)")
                    .consumes("application/json").produces("application/json").to(INITIATE)
                .post("/status").id("rest-payments-status").description("A payment by gateway or merchant reference")
                    .consumes("application/json").produces("application/json").to(STATUS)
                .get("/transactions").id("rest-payments-list")
                    .description("Payments, newest first, filtered by status, payment_method, date_from, date_to; found by phone, "
                            + "phone_last4 (its last 4 digits), receipt (M-Pesa receipt, card processor id) or search (a "
                            + "reference, a receipt, a phone or its last 4 digits)")
                    .produces("application/json").to(LIST)
                .get("/transactions/{reference}").id("rest-payments-get")
                    .description("A payment by gateway or merchant reference").produces("application/json").to(GET);

        ChoiceDefinition toRail = idempotentOperation("payments-initiate", e -> callers.apiKey(e, Permissions.PAYMENTS_WRITE),
                        validator::validate)
                .process(this::openPayment).id("payments-initiate-open")
                .choice().id("payments-initiate-route-to-rail");
        for (PaymentRail rail : rails.all()) {
            toRail.when(exchangeProperty(METHOD).isEqualTo(rail.method().code())).to(rail.initiation());
        }
        toRail.otherwise().throwException(ApiProblem.invalidField("payment_method", "has no provider route"))
                .end()
                .process(this::answerInitiation).id("payments-initiate-answer");

        operation("payments-status", e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ), 200,
                e -> queries.status(principal(e), body(e)));
        operation("payments-get", e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ), 200,
                e -> queries.get(principal(e), header(e, "reference")));
        operation("payments-list", e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ), 200,
                e -> queries.list(principal(e), e.getMessage().getHeaders()));
    }
    // spotless:on

    private void openPayment(Exchange exchange) {
        InitiatePayment request = exchange.getMessage().getBody(InitiatePayment.class);
        modes.check(principal(exchange), request.method());
        String provider = rails.of(request.method()).provider();
        TransactionLimits.Reservation reservation =
                limits.reserve(principal(exchange), request.method(), request.amountMinor());
        Payment payment;
        try {
            payment = transitions.open(principal(exchange), request, provider);
        } catch (RuntimeException notWritten) {
            reservation.release();
            throw notWritten;
        }
        keepAnswer(exchange);
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
            payment = transitions.recordInitiation(opened, outcome);
        } catch (DataAccessException notRecorded) {
            if (!(outcome instanceof InitiationOutcome.Accepted)) {
                throw notRecorded;
            }
            // the provider took it: its callback finds the payment by what it carries (see the provider's callbacks)
            log.error(
                    "Payment {} was accepted by {} but its ids could not be recorded: {}",
                    opened.reference(),
                    opened.provider(),
                    notRecorded.getMessage());
            messages.respond(exchange, 202, PaymentView.of(opened));
            return;
        }
        if (outcome instanceof InitiationOutcome.Rejected rejected) {
            throw ProviderRefusals.problem(payment, rejected);
        }
        messages.respond(exchange, outcome instanceof InitiationOutcome.Unknown ? 202 : 201, PaymentView.of(payment));
    }
}
