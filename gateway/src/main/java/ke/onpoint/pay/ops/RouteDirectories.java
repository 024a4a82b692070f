package ke.onpoint.pay.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The YAML route directory ({@code file:routes/*.yaml}) is optional: started from a directory without one, the
 * gateway runs its built-in routes and says so, instead of Camel failing on a missing directory.
 */
public class RouteDirectories implements EnvironmentPostProcessor {

    private static final String PATTERN = "camel.main.routes-include-pattern";
    private final Log log;

    public RouteDirectories(DeferredLogFactory logs) {
        this.log = logs.getLog(RouteDirectories.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String pattern = env.getProperty(PATTERN);
        if (pattern == null) {
            return;
        }
        String kept = Arrays.stream(pattern.split(","))
                .map(String::trim)
                .filter(this::available)
                .collect(Collectors.joining(","));
        if (!kept.equals(pattern)) {
            env.getPropertySources().addFirst(new MapPropertySource("routeDirectories", Map.of(PATTERN, kept)));
        }
    }

    private boolean available(String entry) {
        if (!entry.startsWith("file:")) {
            return true;
        }
        Path directory = Path.of(entry.substring("file:".length())).getParent();
        if (directory == null || Files.isDirectory(directory)) {
            return true;
        }
        log.warn("No YAML route directory " + directory.toAbsolutePath() + ": only the built-in routes are loaded");
        return false;
    }
}
