package ke.onpoint.simulator;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three simulators in a process of their own ({@code java -jar onpoint-simulators-<version>-standalone.jar}):
 * Daraja, Paystack and Flutterwave under {@code /sim/...} on port 8090, all enabled. The gateway then talks to them
 * as to remote providers (its base URLs pointing here), as a load test wants them: not sharing the gateway's CPU.
 * No component scan: the simulators come in through their auto-configurations, as they do in the gateway.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SimulatorsApplication {

    /** Defaults of this mode; the command line, the environment and application properties override them. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "server.port", 8090,
            "onpoint.simulator.daraja.enabled", true,
            "onpoint.simulator.paystack.enabled", true,
            "onpoint.simulator.flutterwave.enabled", true,
            // Java 21+: a slow-mode answer (held for seconds, as a busy Daraja does) holds no platform thread
            "spring.threads.virtual.enabled", true);

    public static void main(String[] args) {
        run(args);
    }

    static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(SimulatorsApplication.class);
        application.setDefaultProperties(DEFAULTS);
        return application.run(args);
    }
}
