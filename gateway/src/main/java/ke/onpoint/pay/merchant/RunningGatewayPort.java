package ke.onpoint.pay.merchant;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * For a command that builds URLs from the gateway's port ({@code register-c2b-urls}: the C2B URLs and, in dev, the
 * built-in simulator): when {@code PORT} is not set, the port of the gateway running on the same database, so a
 * gateway started with {@code PORT=9100} is not silently passed over for 8000. Each gateway names its database
 * connections {@code onpoint-pay:<port>} (application.yml), which PostgreSQL lists while it runs.
 */
final class RunningGatewayPort implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String CONNECTION_NAME = "onpoint-pay:";

    private final PrintStream err;

    RunningGatewayPort(PrintStream err) {
        this.err = err;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        if (StringUtils.hasText(env.getProperty("PORT"))) {
            return; // the operator said which gateway
        }
        boolean publicUrls = StringUtils.hasText(env.getProperty("PUBLIC_BASE_URL"))
                || StringUtils.hasText(env.getProperty("MPESA_CONFIRMATION_URL"))
                        && StringUtils.hasText(env.getProperty("MPESA_VALIDATION_URL"));
        if (publicUrls && StringUtils.hasText(env.getProperty("MPESA_BASE_URL"))) {
            return; // nothing is built from the port (production)
        }
        List<Integer> ports = runningPorts(env);
        if (ports.size() > 1) {
            throw new IllegalStateException("gateways on ports " + ports + " share this database; set PORT to the port "
                    + "of the gateway whose URLs to register");
        }
        if (ports.size() == 1 && !String.valueOf(ports.get(0)).equals(env.getProperty("server.port"))) {
            err.println("PORT is not set: using port " + ports.get(0) + ", where the gateway on this database listens");
            env.getPropertySources()
                    .addFirst(new MapPropertySource("runningGatewayPort", Map.of("server.port", ports.get(0))));
        }
    }

    /** The ports of the gateways with connections open to this database; empty when it cannot tell. */
    private static List<Integer> runningPorts(ConfigurableEnvironment env) {
        List<Integer> ports = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        env.getProperty("spring.datasource.url"),
                        env.getProperty("spring.datasource.username"),
                        env.getProperty("spring.datasource.password"));
                var query = connection.prepareStatement("""
                        SELECT DISTINCT substring(application_name FROM length(?) + 1)::int FROM pg_stat_activity
                        WHERE datname = current_database() AND application_name ~ ('^' || ? || '[1-9][0-9]{0,4}$')
                        ORDER BY 1""")) {
            query.setString(1, CONNECTION_NAME);
            query.setString(2, CONNECTION_NAME);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ports.add(rows.getInt(1));
                }
            }
        } catch (SQLException | RuntimeException e) {
            return List.of(); // no database to ask: the configured port stands, and the registration says where it went
        }
        return ports;
    }
}
