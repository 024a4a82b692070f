package ke.onpoint.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import org.junit.jupiter.api.Test;

/**
 * The production jar holds the gateway and no simulator class, in its own entries or in any jar nested in it; the
 * sandbox jar holds both; both start the gateway's main class (the README's commands run that class, from the
 * gateway's tests). Runs after {@code package}, on the jars this build made.
 */
class PackagedJarsIT {

    private static final String SIMULATOR_CLASSES = "ke/onpoint/simulator/";
    private static final String GATEWAY_MAIN = "ke/onpoint/pay/OnPointPayApplication.class";
    private static final Path PRODUCTION = Path.of("target/onpoint-pay.jar");
    private static final Path SANDBOX = Path.of("target/onpoint-pay-sandbox.jar");
    /** Each jar read once (they are over 100 MB): the tests look at the same contents. */
    private static final Map<Path, Contents> READ = new ConcurrentHashMap<>();

    /** A jar's entry names, its classes (nested jars included) by their path in their own jar, and its manifest. */
    record Contents(List<String> entries, List<String> classes, Attributes manifest) {}

    @Test
    void productionJarHasTheGatewayAndNoSimulatorClass() {
        Contents production = contents(PRODUCTION);
        assertThat(production.classes()).contains(GATEWAY_MAIN);
        assertThat(production.classes())
                .as("simulator classes in the production jar")
                .noneMatch(c -> c.startsWith(SIMULATOR_CLASSES));
        assertThat(production.entries()).noneMatch(e -> e.contains("onpoint-simulators"));
    }

    @Test
    void bothJarsStartTheGatewaysMainClass() {
        for (Path jar : List.of(PRODUCTION, SANDBOX)) {
            Attributes manifest = contents(jar).manifest();
            assertThat(manifest.getValue("Main-Class"))
                    .as(jar.toString())
                    .startsWith("org.springframework.boot.loader.");
            assertThat(manifest.getValue("Start-Class"))
                    .as(jar.toString())
                    .isEqualTo("ke.onpoint.pay.OnPointPayApplication");
        }
    }

    @Test
    void sandboxJarHasTheGatewayAndItsSimulators() {
        assertThat(contents(SANDBOX).classes())
                .contains(
                        GATEWAY_MAIN,
                        SIMULATOR_CLASSES + "daraja/DarajaSimulatorConfiguration.class",
                        SIMULATOR_CLASSES + "paystack/PaystackSimulatorConfiguration.class",
                        SIMULATOR_CLASSES + "flutterwave/FlutterwaveSimulatorConfiguration.class");
    }

    private static Contents contents(Path jar) {
        assertThat(jar)
                .as("built by `./mvnw verify` (package runs before the integration tests)")
                .exists();
        return READ.computeIfAbsent(jar, PackagedJarsIT::read);
    }

    private static Contents read(Path jar) {
        List<String> entries = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                entries.add(entry.getName());
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName().replaceFirst("^BOOT-INF/classes/", ""));
                } else if (entry.getName().startsWith("BOOT-INF/lib/")
                        && entry.getName().endsWith(".jar")) {
                    try (InputStream in = file.getInputStream(entry);
                            JarInputStream nested = new JarInputStream(in)) {
                        for (JarEntry inner; (inner = nested.getNextJarEntry()) != null; ) {
                            if (inner.getName().endsWith(".class")) {
                                classes.add(inner.getName());
                            }
                        }
                    }
                }
            }
            return new Contents(entries, classes, file.getManifest().getMainAttributes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
