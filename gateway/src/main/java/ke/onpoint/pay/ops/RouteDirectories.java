package ke.onpoint.pay.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The YAML route directory ({@code file:routes/*.yaml}) is optional, and so is each of its files: the repository's
 * {@code routes/*.yaml} also ship in the jar ({@code default-routes/}, outside {@code camel/}, whose pattern reads
 * sub-directories too), and a file the directory lacks (or a missing directory) is loaded from there. A gateway
 * started in another working directory, or with a ConfigMap that holds only the routes someone changed, then still
 * hands its events to webhooks (route {@code payment-events}) and checks C2B payments (route
 * {@code c2b-validation-rules}), instead of taking payments it never tells merchants of. To turn a shipped route off,
 * leave a file of that name holding an empty list ({@code []}).
 */
public class RouteDirectories implements EnvironmentPostProcessor {

    private static final String PATTERN = "camel.main.routes-include-pattern";
    static final String DEFAULTS = "classpath:default-routes/";

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
        String resolved = resolve(pattern, shippedRoutes());
        if (!resolved.equals(pattern)) {
            env.getPropertySources().addFirst(new MapPropertySource("routeDirectories", Map.of(PATTERN, resolved)));
        }
    }

    /**
     * The pattern without file entries whose directory is missing (Camel would fail on them), plus each shipped route
     * file that no directory of the pattern holds.
     */
    String resolve(String pattern, List<String> shipped) {
        List<String> entries = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        boolean anyDirectory = false;
        for (String entry : Arrays.stream(pattern.split(",")).map(String::trim).toList()) {
            if (!entry.startsWith("file:")) {
                entries.add(entry);
                continue;
            }
            anyDirectory = true;
            Path directory = Path.of(entry.substring("file:".length())).getParent();
            if (directory == null || Files.isDirectory(directory)) {
                entries.add(entry);
                directories.add(directory == null ? Path.of(".") : directory);
            } else {
                log.warn("No YAML route directory " + directory.toAbsolutePath()
                        + ": the routes shipped in the jar are loaded instead");
            }
        }
        if (anyDirectory) {
            for (String file : shipped) {
                if (directories.stream().noneMatch(directory -> Files.exists(directory.resolve(file)))) {
                    entries.add(DEFAULTS + file);
                    log.info("routes/" + file + " not found: the copy shipped in the jar is loaded");
                }
            }
        }
        return String.join(",", entries);
    }

    /** The file names under {@code default-routes/} in the jar (the repository's routes/ at build time). */
    static List<String> shippedRoutes() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(DEFAULTS + "*.yaml");
            return Stream.of(resources)
                    .map(Resource::getFilename)
                    .filter(Objects::nonNull)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
