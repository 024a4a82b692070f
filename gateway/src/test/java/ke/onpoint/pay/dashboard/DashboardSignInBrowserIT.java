package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SameSiteAttribute;
import ke.onpoint.pay.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** Signing in to the dashboard, the session cookie, signing out, and forms sent without the CSRF token. */
class DashboardSignInBrowserIT extends BrowserTest {

    @Test
    void aWrongPasswordIsRefusedTheRightOneOpensTheOverviewAndSigningOutEndsTheSession() {
        Session owner = register();

        page.navigate(url("/"));
        assertThat(page).hasURL(url("/dashboard/login"));
        assertAccessible();
        screenshot("sign-in");

        signIn(page, owner.email(), "not the password at all");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("The email or password is wrong");
        assertThat(page.getByLabel("Email")).hasValue(owner.email());
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'auth.login_failed' AND actor = ?",
                        owner.email()))
                .isEqualTo(1);

        signIn(page, owner.email(), PASSWORD);
        assertThat(page).hasURL(url("/dashboard"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Overview")))
                .isVisible();
        assertThat(page.locator("#mode-banner")).containsText("TEST DATA");
        assertThat(page.getByRole(AriaRole.BANNER)).containsText("Shop ");
        // the same login as the JSON API: one audit entry per sign-in, the user's merchant named
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'auth.login' AND actor = ? AND merchant_id = ?",
                        owner.email(),
                        owner.merchantId()))
                .isEqualTo(1);
        assertAccessible();

        Cookie session = browserContext.cookies().stream()
                .filter(c -> c.name.equals("onpoint_dashboard"))
                .findFirst()
                .orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.LAX);
        assertThat(session.path).isEqualTo("/dashboard");
        // kept in PostgreSQL (any instance serves it), under the user's public id
        String sessions =
                "SELECT count(*) FROM spring_session s JOIN users u ON u.public_id = s.principal_name WHERE u.email = ?";
        assertThat(count(sessions, owner.email())).isEqualTo(1);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("You have signed out");
        assertThat(count("SELECT count(*) FROM audit_logs WHERE action = 'auth.logout' AND actor = ?", owner.email()))
                .isEqualTo(1);
        page.navigate(url("/dashboard"));
        assertThat(page).hasURL(url("/dashboard/login"));
        assertThat(count(sessions, owner.email())).isZero();
    }

    @Test
    void aFormPostedWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Session owner = register();
        signIn(owner.email());
        assertThat(page.locator("#mode-banner")).isVisible();

        // another site's page posts a form to the dashboard as soon as it opens
        String attacker = "http://127.0.0.1:" + port + "/attacker.html";
        page.route(
                attacker,
                route -> route.fulfill(new Route.FulfillOptions()
                        .setContentType("text/html")
                        .setBody("<!DOCTYPE html><html lang=en><title>Win a prize</title><body>"
                                + "<form id=f method=post action='" + url("/dashboard/mode") + "'>"
                                + "<input name=mode value=live></form>"
                                + "<script>document.getElementById('f').submit()</script></body></html>")));
        Response crossSite =
                page.waitForResponse(r -> r.url().equals(url("/dashboard/mode")), () -> page.navigate(attacker));
        assertThat(crossSite.status()).isEqualTo(403);
        // refused without a session of its own: the user's session cookie is left as it was
        assertThat(crossSite.allHeaders()).doesNotContainKey("set-cookie");

        // the same form from a script holding the session cookie but not the page's token
        APIResponse forged = page.request()
                .post(
                        url("/dashboard/mode"),
                        RequestOptions.create()
                                .setForm(FormData.create().set("mode", "live"))
                                .setMaxRedirects(0));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("did not carry this session");

        page.navigate(url("/dashboard"));
        assertThat(page.locator("#mode-banner")).containsText("TEST DATA");

        // the page's own form carries the token: the switch works
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch to live data"))
                .click();
        assertThat(page.locator("#mode-banner")).hasCount(0);
        assertThat(page.getByText("Live mode", new Page.GetByTextOptions().setExact(true)))
                .isVisible();
        assertThat(page).hasURL(Pattern.compile(".*/dashboard$"));
    }

    @Test
    void aNewMerchantSignsUpFromTheSignInPageThenSignsIn() {
        String email = "signup-" + System.nanoTime() + "@shop.test";
        page.navigate(url("/dashboard/login"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create your account"))
                .click();
        assertThat(page).hasURL(url("/dashboard/register"));
        assertAccessible();

        // the API's own checks: a weak password and a bad phone are named, nothing is created, what was typed stays
        page.getByLabel("Business name").fill("Mama Mboga Ltd");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Phone").fill("12345");
        page.getByLabel("Password").fill("short");
        page.locator("form").evaluate("f => f.noValidate = true");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account"))
                .click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("phone");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("password");
        assertThat(page.getByLabel("Business name")).hasValue("Mama Mboga Ltd");
        assertThat(count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();

        page.getByLabel("Phone").fill("0712345678");
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText(email);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE action = 'merchant.registered' AND actor = ?", email))
                .isEqualTo(1);
        // the page opens no API session: the owner signs in like everyone else
        assertThat(count(
                        "SELECT count(*) FROM refresh_tokens r JOIN users u ON u.id = r.user_id WHERE u.email = ?",
                        email))
                .isZero();

        signIn(email);
        assertThat(page.getByRole(AriaRole.BANNER)).containsText("Mama Mboga Ltd");
    }
}
