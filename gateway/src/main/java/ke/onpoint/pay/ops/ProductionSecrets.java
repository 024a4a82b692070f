package ke.onpoint.pay.ops;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Production credentials are never the simulator's: a provider that is not the simulator (MPESA_ENV, PAYSTACK_ENV,
 * FLUTTERWAVE_ENV) needs its own secrets, and outside the dev and test profiles the development SECRET_KEY and
 * master key are refused. Checked once the configuration is read and before anything starts (the embedded
 * database included); the start stops with one message naming every variable to set.
 */
public class ProductionSecrets implements EnvironmentPostProcessor, Ordered {

    /** The simulator's values in application.yml: a default, never a credential. */
    static final String SIMULATOR_CERTIFICATE = "classpath:mpesa/simulator-certificate.cer";

    private static final String DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production-0123456789";
    private static final String DEV_MASTER_KEY = "ZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        List<String> problems = new ArrayList<>();
        if (!simulator(env, "onpoint.mpesa.env")) {
            String mpesa = "MPESA_ENV=" + env.getProperty("onpoint.mpesa.env");
            check(env, problems, mpesa, "onpoint.mpesa.base-url", "MPESA_BASE_URL", "/sim/daraja");
            check(env, problems, mpesa, "onpoint.mpesa.consumer-key", "MPESA_CONSUMER_KEY", "sim-consumer-key");
            check(
                    env,
                    problems,
                    mpesa,
                    "onpoint.mpesa.consumer-secret",
                    "MPESA_CONSUMER_SECRET",
                    "sim-consumer-secret");
            check(env, problems, mpesa, "onpoint.mpesa.initiator-password", "MPESA_INITIATOR_PASSWORD", null);
            check(env, problems, mpesa, "onpoint.mpesa.certificate", "MPESA_CERTIFICATE", SIMULATOR_CERTIFICATE);
        }
        if (!simulator(env, "onpoint.paystack.env")) {
            String paystack = "PAYSTACK_ENV=" + env.getProperty("onpoint.paystack.env");
            check(env, problems, paystack, "onpoint.paystack.base-url", "PAYSTACK_BASE_URL", "/sim/paystack");
            check(env, problems, paystack, "onpoint.paystack.secret-key", "PAYSTACK_SECRET_KEY", "sk_test_simulator_");
        }
        if (!simulator(env, "onpoint.flutterwave.env")) {
            String flutterwave = "FLUTTERWAVE_ENV=" + env.getProperty("onpoint.flutterwave.env");
            check(
                    env,
                    problems,
                    flutterwave,
                    "onpoint.flutterwave.base-url",
                    "FLUTTERWAVE_BASE_URL",
                    "/sim/flutterwave");
            check(env, problems, flutterwave, "onpoint.flutterwave.secret-key", "FLUTTERWAVE_SECRET_KEY", "-simulator");
            check(
                    env,
                    problems,
                    flutterwave,
                    "onpoint.flutterwave.webhook-hash",
                    "FLUTTERWAVE_WEBHOOK_HASH",
                    "sim-flutterwave-verif-hash");
        }
        if (!env.acceptsProfiles(Profiles.of("dev | test"))) {
            String profile = "the " + String.join(",", env.getActiveProfiles()) + " profile";
            check(env, problems, profile, "onpoint.security.secret-key", "SECRET_KEY", DEV_SECRET_KEY);
            check(env, problems, profile, "onpoint.security.master-key", "ONPOINT_MASTER_KEY", DEV_MASTER_KEY);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: " + String.join("; ", problems)
                    + " (the simulators' and development defaults are never used outside them)");
        }
    }

    private static boolean simulator(ConfigurableEnvironment env, String property) {
        return "simulator".equals(env.getProperty(property, "simulator").trim());
    }

    /** Blank, or still the simulator's (development) value: {@code simulatorMark} is contained in it. */
    private static void check(
            ConfigurableEnvironment env,
            List<String> problems,
            String because,
            String property,
            String variable,
            String simulatorMark) {
        String value = env.getProperty(property, "").trim();
        if (value.isEmpty()) {
            problems.add(because + " needs " + variable);
        } else if (simulatorMark != null && value.contains(simulatorMark)) {
            problems.add(because + " needs " + variable + " (it is the simulator's or the development default)");
        }
    }

    /** After the configuration files are read, before the embedded database starts. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
