package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.DeferredLogs;

/** The YAML routes: the directory's files, and the jar's copy of each file it lacks. */
class RouteDirectoriesTest {

    private static final List<String> SHIPPED = List.of("c2b-validation.yaml", "payment-events.yaml");

    private final RouteDirectories directories = new RouteDirectories(new DeferredLogs());

    @TempDir
    Path tmp;

    @Test
    void theJarShipsTheRepositorysRoutes() {
        assertThat(RouteDirectories.shippedRoutes())
                .contains("payment-events.yaml", "c2b-validation.yaml", "callback-review.yaml");
    }

    @Test
    void aFileTheDirectoryLacksComesFromTheJar() throws IOException {
        Files.writeString(tmp.resolve("payment-events.yaml"), "[]");

        assertThat(directories.resolve("classpath:camel/*.yaml,file:" + tmp + "/*.yaml", SHIPPED))
                .isEqualTo(
                        "classpath:camel/*.yaml,file:" + tmp + "/*.yaml,classpath:default-routes/c2b-validation.yaml");
    }

    @Test
    void aMissingDirectoryGivesEveryShippedRoute() {
        assertThat(directories.resolve("classpath:camel/*.yaml,file:" + tmp.resolve("none") + "/*.yaml", SHIPPED))
                .isEqualTo("classpath:camel/*.yaml,classpath:default-routes/c2b-validation.yaml,"
                        + "classpath:default-routes/payment-events.yaml");
    }

    @Test
    void aFullDirectoryOrAPatternWithoutDirectoriesIsLeftAlone() throws IOException {
        for (String file : SHIPPED) {
            Files.writeString(tmp.resolve(file), "[]");
        }
        String pattern = "classpath:camel/*.yaml,file:" + tmp + "/*.yaml";

        assertThat(directories.resolve(pattern, SHIPPED)).isEqualTo(pattern);
        assertThat(directories.resolve("classpath:custom/*.yaml", SHIPPED)).isEqualTo("classpath:custom/*.yaml");
    }
}
