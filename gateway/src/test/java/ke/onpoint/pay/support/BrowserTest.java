package ke.onpoint.pay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The dashboard in a real browser: the whole gateway as {@link GatewayTest} runs it, and the system's Chromium
 * ({@code /usr/bin/chromium}, headless; Playwright downloads no browser) driven by Playwright. Each test gets a fresh
 * browser context (no cookies); pages can be checked with axe-core and photographed into
 * {@code gateway/target/screenshots/}. A page that breaks its Content-Security-Policy fails the test.
 * Waits are Playwright's own auto-waiting assertions (up to {@link #PATIENCE}), never sleeps.
 */
public abstract class BrowserTest extends GatewayTest {

    /** Where Chromium is; {@code -Donpoint.chromium=…} for another. {@code .ci/run} installs Debian's package. */
    static final Path CHROMIUM = Paths.get(System.getProperty("onpoint.chromium", "/usr/bin/chromium"));

    static final List<String> CHROMIUM_ARGS = List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    /** Relative to the module (failsafe runs in gateway/): gateway/target/screenshots. */
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static final String AXE_PATH = "/__browser-test/axe.min.js";
    private static final String AXE = resource("/axe/axe.min.js");

    private static Playwright playwright;
    private static Browser browser;

    protected BrowserContext browserContext;
    protected Page page;
    private final List<String> policyViolations = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        assertThat(CHROMIUM)
                .as("Chromium for the browser tests (apt-get install -y chromium)")
                .exists();
        PlaywrightAssertions.setDefaultAssertionTimeout(PATIENCE.toMillis());
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(CHROMIUM_ARGS));
    }

    @AfterAll
    static void closeBrowser() {
        if (playwright != null) {
            playwright.close(); // closes the browser too
            playwright = null;
            browser = null;
        }
    }

    @BeforeEach
    void openPage() {
        browserContext = newContext();
        page = newPage(browserContext);
    }

    @AfterEach
    void closePage() {
        try {
            assertThat(policyViolations)
                    .as("Content-Security-Policy violations reported by the browser")
                    .isEmpty();
        } finally {
            browserContext.close();
        }
    }

    /** A browser context of its own: another person's browser (its own cookies). */
    protected BrowserContext newContext() {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900)
                .setLocale("en-KE")
                .setTimezoneId("Africa/Nairobi"));
    }

    /** A page that waits up to {@link #PATIENCE}, serves axe-core to itself and records policy violations. */
    protected Page newPage(BrowserContext context) {
        Page opened = context.newPage();
        opened.setDefaultTimeout(PATIENCE.toMillis());
        opened.setDefaultNavigationTimeout(PATIENCE.toMillis());
        // axe is served as if from the gateway's own origin, so the pages' script-src 'self' lets it run
        opened.route(
                "**" + AXE_PATH,
                route -> route.fulfill(new Route.FulfillOptions()
                        .setStatus(200)
                        .setContentType("application/javascript")
                        .setBody(AXE)));
        opened.onConsoleMessage(message -> {
            if ("error".equals(message.type()) && message.text().contains("Content Security Policy")) {
                policyViolations.add(message.text());
            }
        });
        return opened;
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Signs in through the sign-in form; returns once the overview (or the page asked for) is shown. */
    protected void signIn(Page on, String email, String password) {
        on.navigate(url("/dashboard/login"));
        on.getByLabel("Email").fill(email);
        on.getByLabel("Password").fill(password);
        on.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
    }

    protected void signIn(String email) {
        signIn(page, email, PASSWORD);
        PlaywrightAssertions.assertThat(
                        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")))
                .isVisible();
    }

    /** A full-page screenshot, {@code gateway/target/screenshots/<name>.png}. */
    protected Path screenshot(Page of, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        of.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    protected Path screenshot(String name) {
        return screenshot(page, name);
    }

    /** axe-core on the page as it is now: no violation of impact serious or critical. */
    protected void assertAccessible(Page on) {
        on.addScriptTag(new Page.AddScriptTagOptions().setUrl(url(AXE_PATH)));
        String found = (String) on.evaluate("""
                async () => {
                  const result = await axe.run(document, { resultTypes: ['violations'] });
                  return JSON.stringify(result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))
                  })));
                }""");
        List<String> serious = new ArrayList<>();
        try {
            for (JsonNode violation : JSON.readTree(found)) {
                String impact = violation.path("impact").asText();
                if (impact.equals("serious") || impact.equals("critical")) {
                    serious.add(violation.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(serious)
                .as("axe-core violations (serious or critical) on " + on.url())
                .isEmpty();
    }

    protected void assertAccessible() {
        assertAccessible(page);
    }

    private static String resource(String name) {
        try (InputStream in = BrowserTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
