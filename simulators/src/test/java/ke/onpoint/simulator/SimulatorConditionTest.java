package ke.onpoint.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import ke.onpoint.simulator.daraja.DarajaControlController;
import ke.onpoint.simulator.daraja.DarajaStkTransactions;
import ke.onpoint.simulator.flutterwave.FlutterwaveControlController;
import ke.onpoint.simulator.flutterwave.FlutterwaveTransactions;
import ke.onpoint.simulator.paystack.PaystackControlController;
import ke.onpoint.simulator.paystack.PaystackSimulatorProperties;
import ke.onpoint.simulator.paystack.PaystackTransactions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * Each simulator exists only while enabled and while the gateway's client for that provider talks to the simulator;
 * with this module on the classpath and nothing enabled, no simulator bean exists at all.
 */
class SimulatorConditionTest {

    /** One simulator: its switch, the gateway property that says where the gateway's client goes, two beans of it. */
    record Simulator(String name, String envProperty, Class<?> state, Class<?> control) {

        String enabled(boolean on) {
            return "onpoint.simulator." + name + ".enabled=" + on;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Simulator> simulators() {
        return Stream.of(
                new Simulator(
                        "daraja", "onpoint.mpesa.env", DarajaStkTransactions.class, DarajaControlController.class),
                new Simulator(
                        "paystack",
                        "onpoint.paystack.env",
                        PaystackTransactions.class,
                        PaystackControlController.class),
                new Simulator(
                        "flutterwave",
                        "onpoint.flutterwave.env",
                        FlutterwaveTransactions.class,
                        FlutterwaveControlController.class));
    }

    /** What a Boot application gets by having the module on its classpath: the auto-configurations it lists. */
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(moduleAutoConfigurations()));

    @Test
    void noSimulatorBeanWhenNoneIsEnabled() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(ProviderFaults.class)).isEmpty();
            assertThat(context.getBeanNamesForType(ProviderStats.class)).isEmpty();
            assertThat(context.getBeanNamesForType(ProviderControlController.class))
                    .isEmpty();
            assertThat(context.getBeanDefinitionNames())
                    .noneMatch(name -> name.contains("ke.onpoint.simulator.") && !name.endsWith("Properties"));
        });
    }

    @ParameterizedTest
    @MethodSource("simulators")
    void onWhenEnabledAndTheGatewayTalksToTheSimulatorOrSaysNothing(Simulator simulator) {
        runner.withPropertyValues(simulator.enabled(true)).run(context -> {
            assertThat(context).hasSingleBean(simulator.state()).hasSingleBean(simulator.control());
            // only this one: the others stay off
            assertThat(context.getBeanNamesForType(ProviderControlController.class))
                    .hasSize(1);
        });
        runner.withPropertyValues(simulator.enabled(true), simulator.envProperty() + "=simulator")
                .run(context -> assertThat(context).hasSingleBean(simulator.state()));
    }

    @ParameterizedTest
    @MethodSource("simulators")
    void offWhenTheGatewayTalksToTheRealProviderOrWhenDisabled(Simulator simulator) {
        runner.withPropertyValues(simulator.enabled(true), simulator.envProperty() + "=live")
                .run(context ->
                        assertThat(context).doesNotHaveBean(simulator.state()).doesNotHaveBean(simulator.control()));
        runner.withPropertyValues(simulator.enabled(true), simulator.envProperty() + "=sandbox")
                .run(context -> assertThat(context).doesNotHaveBean(simulator.state()));
        runner.withPropertyValues(simulator.enabled(false), simulator.envProperty() + "=simulator")
                .run(context ->
                        assertThat(context).doesNotHaveBean(simulator.state()).doesNotHaveBean(simulator.control()));
    }

    @Test
    void allThreeTogetherHaveUniqueBeanNames() {
        runner.withPropertyValues(
                        simulators().map(simulator -> simulator.enabled(true)).toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanNamesForType(ProviderControlController.class))
                            .hasSize(3);
                });
    }

    @Test
    void paystackBeansHaveTheirOwnNamesAndPropertiesTheirDefaults() {
        runner.withPropertyValues(
                        "onpoint.simulator.paystack.enabled=true", "onpoint.simulator.paystack.webhook-delay=250ms")
                .run(context -> {
                    assertThat(context)
                            .hasBean("paystackSimApiController")
                            .hasBean("paystackSimCheckoutController")
                            .hasBean("paystackSimControlController")
                            .hasBean("paystackSimTransactions")
                            .hasBean("paystackSimWebhookSender")
                            .hasBean("paystackSimWebhookLog")
                            .hasBean("paystackSimFaults")
                            .hasBean("paystackSimStats");
                    PaystackSimulatorProperties properties = context.getBean(PaystackSimulatorProperties.class);
                    assertThat(properties.webhookDelay().toMillis()).isEqualTo(250);
                    assertThat(properties.maxDeliveries()).isEqualTo(3);
                    assertThat(properties.secretKey()).isEqualTo("sk_test_simulator_paystack_0000000000000000");
                });
    }

    private static Class<?>[] moduleAutoConfigurations() {
        List<String> names = ImportCandidates.load(AutoConfiguration.class, null).getCandidates().stream()
                .filter(name -> name.startsWith("ke.onpoint.simulator."))
                .toList();
        assertThat(names).hasSize(3);
        return names.stream()
                .map(name -> ClassUtils.resolveClassName(name, null))
                .toArray(Class<?>[]::new);
    }
}
