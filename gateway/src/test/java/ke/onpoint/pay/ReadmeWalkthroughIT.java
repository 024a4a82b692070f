package ke.onpoint.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ke.onpoint.pay.support.GatewayTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the README's walk-throughs, as a reader pastes them into one shell, against a gateway this test starts on a
 * port of its own, so the README cannot drift from the gateway. The blocks run are the {@code ```bash} blocks
 * preceded by a {@code <!-- readme-walkthrough … -->} line, in README order, in one bash process, with only these
 * changes:
 * <ul>
 * <li>{@code localhost:8000} becomes the test gateway's port, the webhook receiver's 9000 a free port;</li>
 * <li>{@code curl} is a shell function around the real one that logs each call's HTTP status and body;</li>
 * <li>{@code sleep N} (the reader's pause for the simulator) becomes: repeat the next curl until its answer shows
 * what the README's next {@code # →} line promises (at most 30 s), so the test waits for the event, not a clock;</li>
 * <li>after the webhook receiver is started in the background, wait until it listens (a reader starts it long
 * before the first event: the README promises the first attempt delivers);</li>
 * <li>before the rate-limit loop, wait for a fresh minute, so the fixed per-minute window cannot roll over between
 * the loop and the 429 it promises.</li>
 * </ul>
 * Each {@code # →} line's {@code "key":value} pairs (values with … are examples: only the key is checked) and status
 * must be found, in order, in the answers of the calls; no call may fail with a 5xx or a connection error.
 * The {@code java -jar app/target/onpoint-pay.jar …} commands run the same main class from this module's classes (the
 * jar is packaged by app/, after these tests; app's {@code PackagedJarsIT} checks what it holds and how it starts),
 * on this gateway's database, without PORT, as a reader would.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
            "onpoint.embedded-db.database=" + ReadmeWalkthroughIT.DATABASE,
            // as the development sandbox the README starts: test money settles the day it is captured
            "onpoint.settlement.test-delay-days.mpesa=0",
            "onpoint.settlement.test-delay-days.card=0"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReadmeWalkthroughIT extends GatewayTest {

    private static final String PRODUCTION_JAR = "java -jar app/target/onpoint-pay.jar";
    private static final String GATEWAY_COMMAND = "'" + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -cp '" + System.getProperty("java.class.path") + "' " + OnPointPayApplication.class.getName();

    static final String DATABASE = "onpoint_readme";
    private static final int OWN_PORT = freePort();
    private static final String MARKER = "<!-- readme-walkthrough";
    private static final Pattern SLEEP = Pattern.compile("^\\s*sleep\\s+\\d+\\s*(#.*)?$");
    private static final Pattern PAIR =
            Pattern.compile("\"([a-z_0-9]+)\":(\"[^\"]*\"|-?[0-9][0-9.]*|null|true|false|…|\\{|\\[)");
    private static final Pattern STATUS = Pattern.compile("^(?:HTTP/1\\.1 )?([1-5][0-9]{2})(?: \\{| ·)");

    @DynamicPropertySource
    static void ownPort(DynamicPropertyRegistry registry) {
        registry.add("onpoint.test.port", () -> OWN_PORT);
        registry.add("spring.quartz.properties.org.quartz.scheduler.instanceName", () -> "onpoint-pay-readme");
    }

    /** What a {@code # →} line promises: the answer's HTTP status (when it names one) and patterns its body must match. */
    record Expectation(String line, Integer status, List<String> patterns) {}

    record Call(int status, String command, String body) {}

    @Test
    void readmeWalkthroughsRunEndToEndAgainstAStartedGateway() throws Exception {
        // the README is read, and its commands run, from the repository's root (failsafe names it)
        Path repository = Path.of(System.getProperty("onpoint.repository", ".."))
                .toAbsolutePath()
                .normalize();
        assertThat(new ProcessBuilder("python3", "-c", "pass").start().waitFor())
                .as("python3 runs the README's webhook receiver")
                .isZero();

        List<String> blocks = walkthroughBlocks(Files.readString(repository.resolve("README.md")));
        assertThat(blocks)
                .as("marked walk-through blocks: M-Pesa, limits, card, C2B, reversal, webhooks")
                .hasSizeGreaterThanOrEqualTo(6);
        int hookPort = freePort();
        List<Expectation> expectations = new ArrayList<>();
        StringBuilder script = new StringBuilder(PREAMBLE);
        for (String block : blocks) {
            String adapted = block.replace(PRODUCTION_JAR, GATEWAY_COMMAND)
                    .replace("localhost:8000", "localhost:" + port)
                    .replace("127.0.0.1:9000", "127.0.0.1:" + hookPort)
                    .replace("(\"127.0.0.1\", 9000)", "(\"127.0.0.1\", " + hookPort + ")");
            script.append(adapt(adapted, expectations, hookPort)).append('\n');
        }

        Path work = Files.createDirectories(Path.of("target/readme-walkthrough"));
        Path scriptFile = work.resolve("walkthrough.sh");
        Path log = work.resolve("calls.log");
        Path out = work.resolve("stdout.txt");
        Files.writeString(scriptFile, script);
        Files.deleteIfExists(log);
        ProcessBuilder bash = new ProcessBuilder(
                        "bash", scriptFile.toAbsolutePath().toString())
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        bash.environment().remove("PORT"); // the commands find the gateway's port themselves
        bash.environment().put("README_LOG", log.toAbsolutePath().toString());
        bash.environment()
                .put(
                        "EMBEDDED_DB_DIR",
                        Path.of("target/test-postgres").toAbsolutePath().toString());
        bash.environment().put("ONPOINT_EMBEDDED_DB_DATABASE", DATABASE);
        bash.environment()
                .put(
                        "LOG_FILE",
                        Path.of("target/test-logs/readme-cli.log")
                                .toAbsolutePath()
                                .toString());
        Process process = bash.start();
        try {
            // generous: the two commands start a JVM each, which takes minutes on a loaded machine
            assertThat(process.waitFor(15, TimeUnit.MINUTES))
                    .as("the walk-through finishes")
                    .isTrue();
            String stdout = Files.readString(out);
            List<Call> calls = calls(Files.readString(log));
            assertThat(calls).as(stdout).hasSizeGreaterThan(25);
            for (Call call : calls) {
                assertThat(call.status())
                        .as("%s answered %s: %s", call.command(), call.status(), call.body())
                        .isBetween(200, 499);
            }
            int from = 0;
            for (Expectation expectation : expectations) {
                int found = -1;
                for (int i = from; i < calls.size() && found < 0; i++) {
                    if (satisfies(calls.get(i), expectation)) {
                        found = i;
                    }
                }
                assertThat(found)
                        .as(
                                "README promises %s; calls from #%d:%n%s",
                                expectation.line(), from, describe(calls.subList(from, calls.size())))
                        .isNotNegative();
                from = found + 1;
            }

            // the end states the walk-throughs describe
            assertThat(stdout)
                    .contains("Created admin")
                    .contains("C2B URLs registered for shortcode 600984 (v2): http://localhost:" + port
                            + "/api/v1/payments/c2b/confirmation/");
            assertThat(status("ORDER-123")).isEqualTo("refunded");
            assertThat(status("ORDER-124")).isEqualTo("cancelled");
            assertThat(status("ORDER-125")).isEqualTo("partially_refunded");
            assertThat(status("ORDER-200")).isEqualTo("completed");
            assertThat(
                            count(
                                    "SELECT count(*) FROM payments WHERE merchant_reference LIKE 'C2B-%' AND status = 'completed'"))
                    .isEqualTo(1);
            // the receiver printed ORDER-200's events, and the replayed one a second time (same evt_ id)
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> replayArrived(Files.readString(out)));
            assertThat(Files.readString(out))
                    .contains("\"type\":\"payment.initiated\"")
                    .contains("\"type\":\"payment.completed\"");
        } finally {
            process.destroyForcibly();
            // the README's webhook receiver (started with &) outlives the script: it printed its pid
            Matcher pid = Pattern.compile("README_BACKGROUND_PID=(\\d+)").matcher(Files.readString(out));
            while (pid.find()) {
                ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(ProcessHandle::destroy);
            }
        }
    }

    /** The curl wrapper, the sleep replacement and the fresh-minute wait; see the class comment. */
    private static final String PREAMBLE = """
            set +e
            README_AWAIT=""
            readme_matches() {
              local re
              while IFS= read -r re; do
                [ -z "$re" ] && continue
                printf '%s' "$1" | grep -Eq -- "$re" || return 1
              done <<< "$README_AWAIT"
            }
            curl() {
              local hdr body status attempt=0
              hdr=$(mktemp)
              while :; do
                : > "$hdr"
                body=$(command curl -D "$hdr" "$@"; printf x); body=${body%x}
                status=$(awk 'toupper($1) ~ /^HTTP/ {s=$2} END {print s}' "$hdr")
                if [ -z "$README_AWAIT" ] || readme_matches "$body"; then break; fi
                attempt=$((attempt + 1)); [ $attempt -ge 120 ] && break
                command sleep 0.25
              done
              README_AWAIT=""
              rm -f "$hdr"
              printf '%s' "$body"
              { printf '\\n@@CALL %s %s\\n' "${status:-000}" "$*"; printf '%s\\n' "$body"; } >> "$README_LOG"
            }
            readme_await_listening() {
              local i
              for i in $(seq 1 240); do
                (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
                command sleep 0.25
              done
            }
            readme_fresh_minute() {
              while [ "$(date +%-S)" -gt 30 ]; do command sleep 1; done
            }
            """;

    /** The block with sleeps turned into waits for the next promise, and the expectations collected. */
    static String adapt(String block, List<Expectation> expectations, int hookPort) {
        List<String> lines = block.lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.startsWith("# →")) {
                StringBuilder promise = new StringBuilder(trimmed.substring(3).trim());
                while (i + 1 < lines.size()
                        && lines.get(i + 1).trim().startsWith("#")
                        && !lines.get(i + 1).contains("→")
                        && lines.get(i + 1).startsWith("#  ")) {
                    promise.append(lines.get(++i).trim().substring(1).trim()); // the promise continues
                }
                expectation(promise.toString()).ifPresent(expectations::add);
                out.append(line).append('\n');
            } else if (SLEEP.matcher(line).matches()) {
                List<String> patterns =
                        nextPromise(lines, i).map(Expectation::patterns).orElse(List.of());
                out.append("README_AWAIT='")
                        .append(String.join("\n", patterns).replace("'", "'\\''"))
                        .append("'  # was: ")
                        .append(trimmed)
                        .append('\n');
            } else if (trimmed.endsWith("&") && !trimmed.endsWith("&&")) {
                // the receiver: a reader starts it long before the first event; the script waits until it listens
                out.append(line)
                        .append('\n')
                        .append("echo \"README_BACKGROUND_PID=$!\"\n")
                        .append("readme_await_listening ")
                        .append(hookPort)
                        .append('\n');
            } else if (trimmed.startsWith("for i in") && block.contains("requests_per_minute")) {
                out.append("readme_fresh_minute\n").append(line).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static java.util.Optional<Expectation> nextPromise(List<String> lines, int from) {
        for (int i = from + 1; i < lines.size(); i++) {
            String trimmed = lines.get(i).trim();
            if (trimmed.startsWith("# →")) {
                StringBuilder promise = new StringBuilder(trimmed.substring(3).trim());
                for (int j = i + 1;
                        j < lines.size()
                                && lines.get(j).startsWith("#  ")
                                && !lines.get(j).contains("→");
                        j++) {
                    promise.append(lines.get(j).trim().substring(1).trim());
                }
                return expectation(promise.toString());
            }
        }
        return java.util.Optional.empty();
    }

    /** A promise's status and body patterns; empty when it names neither (prose such as "200 200 … then 429"). */
    static java.util.Optional<Expectation> expectation(String promise) {
        Matcher status = STATUS.matcher(promise);
        Integer code = status.find() ? Integer.valueOf(status.group(1)) : null;
        List<String> patterns = new ArrayList<>();
        Matcher pair = PAIR.matcher(promise);
        while (pair.find()) {
            String key = "\"" + pair.group(1) + "\" *: *";
            String value = pair.group(2);
            boolean example = value.contains("…")
                    || value.contains("...")
                    || value.contains("<")
                    || value.equals("{")
                    || value.equals("[");
            patterns.add(example ? key : key + ere(value));
        }
        if (patterns.isEmpty() && code == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Expectation(promise, code, patterns));
    }

    /** A literal as a POSIX extended regular expression (grep -E and java.util.regex read it alike). */
    private static String ere(String literal) {
        return literal.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }

    private static boolean satisfies(Call call, Expectation expectation) {
        if (expectation.status() != null && call.status() != expectation.status()) {
            return false;
        }
        return expectation.patterns().stream()
                .allMatch(p -> Pattern.compile(p).matcher(call.body()).find());
    }

    static List<String> walkthroughBlocks(String readme) {
        List<String> blocks = new ArrayList<>();
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)
                    && i + 1 < lines.size()
                    && lines.get(i + 1).equals("```bash")) {
                StringBuilder block = new StringBuilder();
                for (int j = i + 2; j < lines.size() && !lines.get(j).equals("```"); j++) {
                    block.append(lines.get(j)).append('\n');
                }
                blocks.add(block.toString());
            }
        }
        return blocks;
    }

    private static List<Call> calls(String log) {
        List<Call> calls = new ArrayList<>();
        Matcher call = Pattern.compile("(?m)^@@CALL (\\d{3}) (.*)$").matcher(log);
        List<int[]> starts = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (call.find()) {
            starts.add(new int[] {call.start(), call.end()});
            heads.add(new String[] {call.group(1), call.group(2)});
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : log.length();
            calls.add(new Call(
                    Integer.parseInt(heads.get(i)[0]),
                    heads.get(i)[1],
                    log.substring(starts.get(i)[1], end).trim()));
        }
        return calls;
    }

    private static String describe(List<Call> calls) {
        StringBuilder text = new StringBuilder();
        for (Call call : calls) {
            String body = call.body().length() > 400 ? call.body().substring(0, 400) + "…" : call.body();
            text.append(call.status())
                    .append(' ')
                    .append(call.command())
                    .append("\n    ")
                    .append(body)
                    .append('\n');
        }
        return text.toString();
    }

    private String status(String merchantReference) {
        return jdbc.queryForObject(
                "SELECT status FROM payments WHERE merchant_reference = ?", String.class, merchantReference);
    }

    /** An event id the receiver printed twice: the replay arrived (its lines may follow a curl answer's last line). */
    private static boolean replayArrived(String stdout) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Matcher printed = Pattern.compile("(evt_[0-9A-Za-z]+) t=[0-9]").matcher(stdout);
        while (printed.find()) {
            if (seen.merge(printed.group(1), 1, Integer::sum) > 1) {
                return true;
            }
        }
        return false;
    }
}
