package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Route tests of the STK callback and reconciliation routes, driven through Camel directly: concurrent redeliveries
 * of one callback, and the reconciliation step with its Quartz trigger advised away.
 */
@CamelSpringBootTest
@UseAdviceWith
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StkRoutesIT extends GatewayTest {

    private static final int ROUTES_PORT = freePort();
    /** Lets the slow C2B rule decide: counted down once the test has the answer the rules timeout gave. */
    private static final CountDownLatch SLOW_RULE_DECIDES = new CountDownLatch(1);

    @Autowired
    private CamelContext camel;

    @Autowired
    private ProducerTemplate template;

    @Autowired
    private PaymentRepository payments;

    private String key;

    @DynamicPropertySource
    static void ownContext(DynamicPropertyRegistry registry) {
        // a Quartz cluster of its own: a context that closes mid-run must not own the main context's schedule
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-route-tests");
        registry.add("onpoint.test.port", () -> ROUTES_PORT);
    }

    @BeforeEach
    void adviseOnceAndStart() throws Exception {
        if (!camel.isStarted()) {
            // the clustered schedule is replaced by a direct trigger the test fires itself
            AdviceWith.adviceWith(
                    camel, "mpesa-reconcile-pending", route -> route.replaceFromWith("direct:reconcile-now"));
            // C2B rules that misbehave for two test accounts: one throws, one is slower than the rules timeout
            AdviceWith.adviceWith(
                    camel,
                    "c2b-validation-rules",
                    route -> route.weaveAddFirst().process(e -> {
                        String account = e.getMessage().getHeader("c2bAccount", String.class);
                        if ("RULEBOOM".equals(account)) {
                            throw new IllegalStateException("a broken rule");
                        }
                        if ("RULESLOW".equals(account)) {
                            // a rule that has not decided when the rules timeout answers: it decides only once
                            // the test has that answer (bounded so a failed test cannot hang the suite)
                            SLOW_RULE_DECIDES.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        }
                    }));
            camel.start();
        }
        key = newMerchantKey();
    }

    @Test
    void concurrentRedeliveriesOfOneCallbackMakeOneTransitionAndOneEvent() throws Exception {
        Payment payment = pendingPayment("0700000090"); // the simulator never calls back for this one
        StkResult result = new StkResult(
                payment.checkoutRequestId(),
                "0",
                "The service request is processed successfully.",
                "RCT1234567",
                "254700000090",
                Instant.now(),
                payment.merchantRequestId(),
                payment.amountMinor());
        int deliveries = 8;
        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("mpesa-stk-callback-apply")
                .whenDone(deliveries)
                .create();

        ExecutorService safaricom = Executors.newFixedThreadPool(deliveries);
        for (int i = 0; i < deliveries; i++) {
            safaricom.submit(() -> template.send("direct:mpesa-stk-callback-apply", exchange -> {
                exchange.getMessage().setBody(result);
                exchange.setProperty("callbackPayload", "{\"redelivery\":true}");
                exchange.setProperty("callbackSource", "196.201.214.200");
            }));
        }
        safaricom.shutdown();
        assertThat(safaricom.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(done.matches(20, TimeUnit.SECONDS)).isTrue();

        JsonNode completed = awaitStatus(key, payment.reference(), "completed");
        assertThat(completed.path("mpesa_receipt").asText()).isEqualTo("RCT1234567");
        assertThat(outboxEvents(payment.reference())).isEqualTo(2);
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND outcome = 'applied'",
                        payment.checkoutRequestId()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM provider_callbacks WHERE correlation_id = ? AND outcome = 'duplicate'",
                        payment.checkoutRequestId()))
                .isEqualTo(deliveries - 1);
    }

    @Test
    void reconciliationAppliesAFinalQueryResult() {
        Payment payment = pendingPayment("0700000090");
        // the simulator has resolved it; only a query can tell
        eventually()
                .until(() -> "final"
                        .equals(get("/sim/daraja/__sim/transactions/" + payment.checkoutRequestId(), null)
                                .json()
                                .path("status")
                                .asText()));
        template.sendBody("direct:mpesa-reconcile-payment", payment);

        JsonNode completed = payment(key, payment.reference()).json();
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(outboxEvents(payment.reference())).isEqualTo(2);
    }

    @Test
    void reconciliationLeavesABeingProcessedPaymentPendingUntilItsWindowHasPassed() {
        Payment payment = pendingPayment("0700000092"); // query answers "being processed" for a while
        template.sendBody("direct:mpesa-reconcile-payment", payment);
        assertThat(payment(key, payment.reference()).json().path("status").asText())
                .isEqualTo("pending");

        jdbc.update("UPDATE payments SET created_at = now() - interval '1 hour' WHERE id = ?", payment.id());
        template.sendBody(
                "direct:mpesa-reconcile-payment",
                payments.findByCheckoutRequestId(payment.checkoutRequestId()).orElseThrow());

        JsonNode expired = payment(key, payment.reference()).json();
        assertThat(expired.path("status").asText()).isEqualTo("expired");
        assertThat(expired.path("failure_code").asText()).isEqualTo("NO_RESULT");
    }

    @Test
    void theAdvisedTriggerRunsTheWholeReconciliation() {
        template.sendBody("direct:reconcile-now", null); // nothing due or something due: never an error
        assertThat(camel.getRoute("mpesa-reconcile-pending").getEndpoint().getEndpointUri())
                .isEqualTo("direct://reconcile-now");
    }

    @Test
    void c2bRuleThatFailsOrIsTooSlowGetsTheConfiguredDefaultInTime() {
        try {
            for (String account : new String[] {"RULEBOOM", "RULESLOW"}) {
                long started = System.nanoTime();
                Reply answer = post(
                        "/api/v1/payments/c2b/validation/dev-callback-token",
                        null,
                        C2bIT.confirmation("RULE" + account.substring(4), account),
                        java.util.Map.of());
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.json().path("ResultCode").asText())
                        .as(account)
                        .isEqualTo("0"); // default: accept
                assertThat(millis)
                        .as("within Safaricom's ~8 s, bounded by the 1 s rules timeout")
                        .isLessThan(3_000);
            }
        } finally {
            SLOW_RULE_DECIDES.countDown();
        }
        // a rule that works still decides: an unknown account is rejected
        assertThat(post(
                                "/api/v1/payments/c2b/validation/dev-callback-token",
                                null,
                                C2bIT.confirmation("RULEOK", "NOBODYHERE"),
                                java.util.Map.of())
                        .json()
                        .path("ResultCode")
                        .asText())
                .isEqualTo("C2B00012");
    }

    private Payment pendingPayment(String phone) {
        Reply created = initiate(key, mpesaBody(phone, uniqueReference()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return payments.findByCheckoutRequestId(
                        created.json().path("checkout_request_id").asText())
                .orElseThrow();
    }
}
