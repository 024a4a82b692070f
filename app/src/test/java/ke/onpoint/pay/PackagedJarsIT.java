package ke.onpoint.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void productionJarHasTheGatewayAndNoSimulatorClass() throws IOException {
        List<String> classes = classesIn(Path.of("target/onpoint-pay.jar"));
        assertThat(classes).contains(GATEWAY_MAIN);
        assertThat(classes)
                .as("simulator classes in the production jar")
                .noneMatch(c -> c.startsWith(SIMULATOR_CLASSES));
        assertThat(entries(Path.of("target/onpoint-pay.jar"))).noneMatch(e -> e.contains("onpoint-simulators"));
    }

    @Test
    void bothJarsStartTheGatewaysMainClass() throws IOException {
        for (String jar : List.of("target/onpoint-pay.jar", "target/onpoint-pay-sandbox.jar")) {
            entries(Path.of(jar));
            try (JarFile file = new JarFile(jar)) {
                Attributes manifest = file.getManifest().getMainAttributes();
                assertThat(manifest.getValue("Main-Class")).as(jar).startsWith("org.springframework.boot.loader.");
                assertThat(manifest.getValue("Start-Class")).as(jar).isEqualTo("ke.onpoint.pay.OnPointPayApplication");
            }
        }
    }

    @Test
    void sandboxJarHasTheGatewayAndItsSimulators() throws IOException {
        List<String> classes = classesIn(Path.of("target/onpoint-pay-sandbox.jar"));
        assertThat(classes)
                .contains(
                        GATEWAY_MAIN,
                        SIMULATOR_CLASSES + "daraja/DarajaSimulatorConfiguration.class",
                        SIMULATOR_CLASSES + "paystack/PaystackSimulatorConfiguration.class",
                        SIMULATOR_CLASSES + "flutterwave/FlutterwaveSimulatorConfiguration.class");
    }

    private static List<String> entries(Path jar) throws IOException {
        assertThat(jar)
                .as("built by `./mvnw verify` (package runs before the integration tests)")
                .exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    /** Every class in the jar, and in the jars nested under BOOT-INF/lib, by its path inside its own jar. */
    private static List<String> classesIn(Path jar) throws IOException {
        List<String> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
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
        }
        return classes;
    }
}
