package ke.onpoint.pay.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/** /docs renders the reference from the gateway itself: no login, no CDN, its assets served, the dashboard intact. */
class DocsIT extends GatewayTest {

    @Test
    void docsServeSwaggerUiFromTheJarPointingAtTheDocument() {
        Reply docs = get("/docs", null);
        assertThat(docs.status()).as(docs.body()).isEqualTo(200);
        assertThat(docs.contentType()).startsWith("text/html");
        assertThat(docs.body())
                .contains("/api/v1/openapi.json")
                .doesNotContain("petstore")
                .doesNotContain("//cdn");
        assertThat(docs.body()).doesNotContainPattern("(src|href)=\"https?://");
        assertThat(docs.header("Content-Security-Policy")).contains("script-src 'self'");

        Matcher assets = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(docs.body());
        int loaded = 0;
        while (assets.find()) {
            String asset = assets.group(1);
            if (asset.endsWith(".json")) {
                continue;
            }
            Reply reply = get(asset, null);
            assertThat(reply.status()).as(asset).isEqualTo(200);
            assertThat(reply.body()).as(asset).isNotBlank();
            loaded++;
        }
        assertThat(loaded).isGreaterThanOrEqualTo(4);
        Reply init = get("/docs/init.js", null);
        assertThat(init.body()).contains("validatorUrl: null").doesNotContain("petstore");
        assertThat(get("/docs/", null).status()).isEqualTo(200);
    }

    @Test
    void theRootStillLeadsToTheDashboard() {
        Reply root = get("/", null);
        assertThat(root.status()).isBetween(300, 399);
        assertThat(root.header("Location")).contains("/dashboard");
    }
}
