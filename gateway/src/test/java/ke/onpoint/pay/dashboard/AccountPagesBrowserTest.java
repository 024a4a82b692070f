package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import ke.onpoint.pay.support.BrowserTest;

/**
 * What the account pages' browser tests share (Compliance, Team, Audit log, Settings): forged form posts that carry
 * the session's valid CSRF token (so only the role check can refuse them), and the phone-width check.
 */
abstract class AccountPagesBrowserTest extends BrowserTest {

    static final byte[] PDF = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    /** The CSRF token of the page on view (the layout's meta tag): a forged post with it passes the CSRF check. */
    protected String csrfToken() {
        return page.locator("meta[name=csrf-token]").getAttribute("content");
    }

    /** A form post from this session's own cookies and token, as a script on the page could send it. */
    protected APIResponse forgedPost(String path, FormData form) {
        return page.request()
                .post(
                        url(path),
                        RequestOptions.create()
                                .setForm(form.set("_csrf", csrfToken()))
                                .setMaxRedirects(0));
    }

    protected APIResponse forgedMultipart(String path, FormData form) {
        return page.request()
                .post(
                        url(path),
                        RequestOptions.create()
                                .setMultipart(form.set("_csrf", csrfToken()))
                                .setMaxRedirects(0));
    }

    /** Refused by the server as the API refuses the role: 403 with the problem's detail. */
    protected static void assertRefusedForRole(APIResponse response, String role) {
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        assertThat(response.text()).contains("Your role (" + role + ") does not allow this");
    }

    /**
     * The page on a phone (390 px wide): nothing wider than the screen (tables scroll inside their own box), the page
     * title still visible; then back to the desktop size.
     */
    protected void assertFitsAPhone(String name) {
        page.setViewportSize(390, 844);
        try {
            assertThat(page.locator("h1")).isVisible();
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue())
                    .as("how far the page is wider than a phone's screen")
                    .isLessThanOrEqualTo(0);
            screenshot(name + "-phone");
        } finally {
            page.setViewportSize(1280, 900);
        }
    }

    protected Page.GetByRoleOptions named(String name) {
        return new Page.GetByRoleOptions().setName(name);
    }
}
