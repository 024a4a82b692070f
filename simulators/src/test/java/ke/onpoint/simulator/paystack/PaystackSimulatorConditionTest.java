package ke.onpoint.simulator.paystack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The simulator exists only while enabled and while the gateway's Paystack is the simulator. */
class PaystackSimulatorConditionTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PaystackSimulatorConfiguration.class);

    @Test
    void offByDefault() {
        runner.run(context -> assertThat(context).doesNotHaveBean(PaystackTransactions.class));
    }

    @Test
    void onWhenEnabledAndEnvIsSimulatorOrUnset() {
        runner.withPropertyValues("onpoint.simulator.paystack.enabled=true",
                        "onpoint.simulator.paystack.webhook-delay=250ms")
                .run(context -> {
                    assertThat(context).hasSingleBean(PaystackTransactions.class);
                    assertThat(context).hasSingleBean(PaystackApiController.class);
                    assertThat(context).hasBean("paystackSimApiController").hasBean("paystackSimCheckoutController")
                            .hasBean("paystackSimControlController").hasBean("paystackSimTransactions")
                            .hasBean("paystackSimWebhookSender").hasBean("paystackSimWebhookLog")
                            .hasBean("paystackSimFaults").hasBean("paystackSimStats");
                    PaystackSimulatorProperties properties = context.getBean(PaystackSimulatorProperties.class);
                    assertThat(properties.webhookDelay().toMillis()).isEqualTo(250);
                    assertThat(properties.maxDeliveries()).isEqualTo(3);
                    assertThat(properties.secretKey()).isEqualTo("sk_test_simulator_paystack_0000000000000000");
                });
        runner.withPropertyValues("onpoint.simulator.paystack.enabled=true", "onpoint.paystack.env=simulator")
                .run(context -> assertThat(context).hasSingleBean(PaystackTransactions.class));
    }

    @Test
    void offWhenTheGatewayTalksToTheRealPaystack() {
        runner.withPropertyValues("onpoint.simulator.paystack.enabled=true", "onpoint.paystack.env=live")
                .run(context -> assertThat(context).doesNotHaveBean(PaystackTransactions.class));
        runner.withPropertyValues("onpoint.simulator.paystack.enabled=false", "onpoint.paystack.env=simulator")
                .run(context -> assertThat(context).doesNotHaveBean(PaystackTransactions.class));
    }
}
