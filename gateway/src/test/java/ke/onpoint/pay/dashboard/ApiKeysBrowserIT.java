package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import ke.onpoint.pay.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** The API keys page: a key created with its secret shown once, used against the API, revoked; KYC; a viewer. */
class ApiKeysBrowserIT extends BrowserTest {

    private static final Pattern TEST_SECRET = Pattern.compile("sk_test_[0-9A-Za-z]{32}");

    @Test
    void aKeyIsCreatedItsSecretShownOnceAndItWorksUntilRevoked() {
        Session owner = register();
        browserContext.grantPermissions(
                List.of("clipboard-read", "clipboard-write"),
                new BrowserContext.GrantPermissionsOptions().setOrigin(url("")));
        signIn(owner.email());
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Dashboard"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("API keys"))
                .click();
        assertThat(page).hasURL(url("/dashboard/keys"));
        assertThat(page.getByText("You have no test keys yet.")).isVisible();
        assertAccessible();
        screenshot("keys-empty");

        page.getByLabel("Name").fill("Checkout server");
        page.getByLabel("refunds:write").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))
                .click();
        Locator secretShown = page.locator("#new-secret");
        assertThat(secretShown).hasText(TEST_SECRET);
        String secret = secretShown.textContent().trim();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your new secret key")))
                .isVisible();
        Locator row = page.locator("tr[data-key]");
        assertThat(row).hasCount(1);
        assertThat(row).containsText(secret.substring(0, 12) + "…");
        assertThat(row).containsText("payments:write");
        assertThat(row).containsText("refunds:write");
        assertThat(row).containsText("Never");
        assertThat(row).containsText("Active");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy key"))
                .click();
        assertThat(page.locator("#copy-status")).hasText("Copied to the clipboard");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(secret);
        assertAccessible();
        screenshot("keys-created");

        // the key is the API's own: it authenticates, with the scopes chosen, and its creation is audited once
        assertThat(get("/api/v1/payments/transactions", secret).status()).isEqualTo(200);
        assertThat(count(
                        "SELECT count(*) FROM api_keys WHERE merchant_id = ? AND name = 'Checkout server' AND mode = 'test'"
                                + " AND scopes = '{payments:write,payments:read,refunds:write}'::text[]",
                        owner.merchantId()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'api_key.created' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);

        // shown once: a reload lists the key without its secret
        page.reload();
        assertThat(page.locator("tr[data-key]")).hasCount(1);
        assertThat(page.locator("#new-secret")).hasCount(0);
        assertThat(page.content()).doesNotContain(secret);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Revoke… Checkout server")))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Revoke an API key")))
                .isVisible();
        assertAccessible();
        screenshot("keys-revoke-confirm");
        // the confirmation step changes nothing by itself
        assertThat(get("/api/v1/payments/transactions", secret).status()).isEqualTo(200);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke this key"))
                .click();
        assertThat(page).hasURL(url("/dashboard/keys"));
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("is revoked")))
                .isVisible();
        assertThat(page.locator("tr[data-key]")).containsText("Revoked");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Revoke "))))
                .hasCount(0);
        assertAccessible();

        assertProblem(get("/api/v1/payments/transactions", secret), 401, null);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'api_key.revoked' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);
    }

    @Test
    void aLiveKeyWaitsForApprovedKycAsTheApiSays() {
        Session owner = register();
        signIn(owner.email());
        page.navigate(url("/dashboard/keys"));
        page.getByLabel("Name").fill("Live server");
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Live")))
                .check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))
                .click();
        // the API's problem, in the alert region; the form keeps what was typed
        assertThat(page.getByRole(AriaRole.ALERT))
                .containsText("Live keys can be created once the merchant's KYC documents are approved");
        assertThat(page.getByLabel("Name")).hasValue("Live server");
        assertThat(page.locator("#new-secret")).hasCount(0);
        assertThat(count("SELECT count(*) FROM api_keys WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
        assertAccessible();
        screenshot("keys-live-needs-kyc");

        jdbc.update("UPDATE merchants SET kyc_status = 'approved' WHERE id = ?", owner.merchantId());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))
                .click();
        assertThat(page.locator("#new-secret")).hasText(Pattern.compile("sk_live_[0-9A-Za-z]{32}"));
        assertThat(page.getByRole(AriaRole.ALERT)).hasCount(0);
        assertThat(page.locator("#new-key")).containsText("listed with your live keys");
        // this page lists the session's mode (test): the live key is under live data
        assertThat(page.locator("tr[data-key]")).hasCount(0);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch to live data"))
                .click();
        assertThat(page).hasURL(url("/dashboard/keys"));
        assertThat(page.locator("tr[data-key]")).hasCount(1);
        assertThat(page.locator("tr[data-key]")).containsText("Live server");
    }

    @Test
    void theKeysOfTheSessionsModeArePagedByCursor() {
        Session owner = register();
        for (int i = 1; i <= 21; i++) {
            merchants.issueKey(owner.merchantId(), "Test key " + i, "test", List.of("payments:read"), null);
        }
        merchants.issueKey(owner.merchantId(), "Live key", "live", List.of("payments:read"), null);
        signIn(owner.email());
        page.navigate(url("/dashboard/keys"));
        Locator rows = page.locator("tr[data-key]");
        assertThat(rows).hasCount(20);
        assertThat(rows.first()).containsText("Test key 21");
        assertThat(page.getByText("Live key")).hasCount(0);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newest keys")))
                .hasCount(0);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older keys"))
                .click();
        assertThat(rows).hasCount(1);
        assertThat(rows).containsText("Test key 1");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older keys")))
                .hasCount(0);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newest keys"))
                .click();
        assertThat(rows).hasCount(20);

        // a cursor the page did not write is the API's problem, shown as the page's alert
        page.navigate(url("/dashboard/keys?cursor=not-a-cursor"));
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("is not a cursor this API returned");
    }

    @Test
    void aViewerSeesTheKeysButNoActionsAndAForgedCreateOrRevokeIsRefused() {
        Session owner = register();
        String secret = createKey(owner, "test", "payments:read");
        String keyId = jdbc.queryForObject(
                "SELECT public_id FROM api_keys WHERE merchant_id = ?", String.class, owner.merchantId());
        Session viewer = member(owner, "viewer");
        signIn(viewer.email());

        page.navigate(url("/dashboard/keys"));
        assertThat(page.locator("tr[data-key]")).hasCount(1);
        assertThat(page.locator("tr[data-key]")).containsText(secret.substring(0, 12) + "…");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Create a key")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Revoke"))))
                .hasCount(0);
        assertAccessible();
        screenshot("keys-viewer");

        // the session's own token: the server still refuses what the role may not do
        String csrf = page.locator("meta[name=csrf-token]").getAttribute("content");
        APIResponse create = page.request()
                .post(
                        url("/dashboard/keys"),
                        RequestOptions.create()
                                .setForm(FormData.create()
                                        .set("_csrf", csrf)
                                        .set("name", "Forged")
                                        .set("mode", "test")
                                        .set("scopes", "payments:write"))
                                .setMaxRedirects(0));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.text()).contains("Your role (viewer) does not allow this");
        APIResponse revoke = page.request()
                .post(
                        url("/dashboard/keys/" + keyId + "/revoke"),
                        RequestOptions.create()
                                .setForm(FormData.create().set("_csrf", csrf))
                                .setMaxRedirects(0));
        assertThat(revoke.status()).isEqualTo(403);
        assertThat(page.request()
                        .get(url("/dashboard/keys/" + keyId + "/revoke"))
                        .status())
                .isEqualTo(403);

        assertThat(count("SELECT count(*) FROM api_keys WHERE merchant_id = ?", owner.merchantId()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM api_keys WHERE public_id = ? AND revoked_at IS NULL", keyId))
                .isEqualTo(1);
        assertThat(get("/api/v1/payments/transactions", secret).status()).isEqualTo(200);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action LIKE 'api_key.%' AND actor = ?",
                        owner.merchantId(), viewer.email()))
                .isZero();
    }
}
