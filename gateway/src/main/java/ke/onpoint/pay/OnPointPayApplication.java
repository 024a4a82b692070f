package ke.onpoint.pay;

import ke.onpoint.pay.merchant.MerchantCommands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * OnPoint Pay: the gateway, or with a command as first argument ({@code create-merchant …}) a one-off
 * administrative task that runs without the web server and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OnPointPayApplication {

    public static void main(String[] args) {
        if (MerchantCommands.isCommand(args)) {
            System.exit(MerchantCommands.run(args));
        }
        SpringApplication application = new SpringApplication(OnPointPayApplication.class);
        if (Boolean.parseBoolean(System.getenv("STARTUP_STEPS"))) {
            // where start time goes (bench/startup.sh): Spring's steps, read from /actuator/startup
            application.setApplicationStartup(new BufferingApplicationStartup(20_000));
        }
        application.run(args);
    }
}
