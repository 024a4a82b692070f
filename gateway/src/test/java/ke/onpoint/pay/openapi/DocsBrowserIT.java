package ke.onpoint.pay.openapi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ke.onpoint.pay.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** /docs in a real browser: Swagger UI renders the gateway's document, and every request stays on the gateway. */
class DocsBrowserIT extends BrowserTest {

    @Test
    void theReferenceRendersTheMerchantApiFromTheGatewayAlone() {
        List<String> requested = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onRequest(request -> requested.add(request.url()));
        page.onPageError(errors::add);
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add(message.text());
            }
        });

        page.navigate(url("/docs"));
        assertThat(page.locator("#swagger-ui")).containsText("OnPoint Pay API");
        assertThat(page.locator("#swagger-ui")).containsText("/payments/initiate");
        assertThat(page.locator("#swagger-ui")).containsText("Provider callbacks");
        assertThat(page.locator("button.authorize")).isVisible();
        screenshot(page, "docs");
        assertThat(errors).as("errors in the page").isEmpty();
        assertThat(requested).contains(url("/api/v1/openapi.json"));
        assertThat(requested)
                .as("nothing is fetched from another host (no CDN, no online validator)")
                .allMatch(u -> u.startsWith(url("/")) || u.startsWith("data:"));
    }
}
