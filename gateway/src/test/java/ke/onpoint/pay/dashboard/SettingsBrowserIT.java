package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import org.junit.jupiter.api.Test;

/** Settings: the profile, the M-Pesa shortcode and its write-only passkey, the payout destination, the allow-list. */
class SettingsBrowserIT extends AccountPagesBrowserTest {

    static final String PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    @Test
    void theOwnerSavesEachSettingAndThePasskeyIsNeverShownBack() {
        Session owner = register();
        signIn(owner.email());
        page.navigate(url("/dashboard/settings"));
        assertThat(page.locator("#passkey-state")).hasText("Not set");
        assertThat(page.locator("#payout-state")).containsText("Nowhere yet");
        assertAccessible();

        // the business profile (the API's PATCH /merchants/me)
        field("Business name").fill("Mama Mboga Fresh");
        page.getByRole(AriaRole.BUTTON, named("Save profile")).click();
        assertThat(page.locator("#profile .alert-ok")).hasText("Business profile saved");
        assertThat(field("Business name")).hasValue("Mama Mboga Fresh");
        assertThat(jdbc.queryForObject("SELECT name FROM merchants WHERE id = ?", String.class, owner.merchantId()))
                .isEqualTo("Mama Mboga Fresh");

        // the shortcode of the mode on view (test), its passkey write-only
        field("Shortcode").fill("600100");
        field("Passkey").fill(PASSKEY);
        page.getByRole(AriaRole.BUTTON, named("Save shortcode")).click();
        assertThat(page.locator("#mpesa .alert-ok")).containsText("M-Pesa shortcode saved for test mode");
        assertThat(page.locator("#passkey-state")).hasText("Set");
        assertThat(page.locator("#mpesa-state")).containsText("600100");
        assertThat(field("Passkey")).hasValue("");
        assertThat(page.content()).doesNotContain(PASSKEY).doesNotContain(PASSKEY.substring(PASSKEY.length() - 4));
        page.reload();
        assertThat(page.locator("#passkey-state")).hasText("Set");
        assertThat(page.content()).doesNotContain(PASSKEY).doesNotContain(PASSKEY.substring(PASSKEY.length() - 4));
        // saved through the API's service: the API lists it (masked) for test mode
        Reply listed = get("/api/v1/merchants/me/mpesa-shortcodes", owner.access());
        assertThat(listed.json().path("data").get(0).path("shortcode").asText()).isEqualTo("600100");
        assertThat(listed.json().path("data").get(0).path("mode").asText()).isEqualTo("test");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = "
                                + "'merchant.mpesa_shortcode_set' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);

        // a shortcode the API refuses: its problem shown, nothing changed
        field("Shortcode").fill("12a45");
        field("Passkey").fill(PASSKEY);
        page.getByRole(AriaRole.BUTTON, named("Save shortcode")).click();
        assertThat(page.locator("#alerts [role=alert]"))
                .containsText("shortcode: must be a paybill shortcode of 5 to 7 digits");
        assertThat(count(
                        "SELECT count(*) FROM merchant_provider_credentials WHERE merchant_id = ? AND shortcode = '600100'",
                        owner.merchantId()))
                .isEqualTo(1);
        assertThat(page.content()).doesNotContain(PASSKEY.substring(PASSKEY.length() - 4));

        // the payout destination: an M-Pesa phone, shown masked
        page.getByText("An M-Pesa phone").click();
        field("Phone number").fill("0722000111");
        page.getByRole(AriaRole.BUTTON, named("Pay out to this phone")).click();
        assertThat(page.locator("#payout .alert-ok")).hasText("Payout destination saved");
        assertThat(page.locator("#alerts")).isEmpty();
        assertThat(page.locator("#payout-state")).containsText("M-Pesa 2547•••••111");
        assertThat(page.content()).doesNotContain("254722000111");
        // a bank account with a field the API refuses
        page.getByText("A bank account").click();
        field("Bank code").fill("01");
        field("Account number").fill("12ab");
        field("Account holder's name").fill("Mama Mboga Fresh Ltd");
        page.getByRole(AriaRole.BUTTON, named("Pay out to this account")).click();
        assertThat(page.locator("#alerts [role=alert]")).containsText("account_number");
        assertThat(page.locator("#alerts [role=alert]")).containsText("must be 6 to 20 digits");
        assertThat(page.locator("#payout-state")).containsText("M-Pesa 2547•••••111");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = "
                                + "'merchant.payout_destination_set'",
                        owner.merchantId()))
                .isEqualTo(1);

        // the allow-list, one rule per line
        field("Addresses and CIDR blocks").fill("196.201.214.0/24\n10.1.2.3");
        page.getByRole(AriaRole.BUTTON, named("Save allow-list")).click();
        assertThat(page.locator("#allowlist .alert-ok")).hasText("IP allow-list saved");
        assertThat(get("/api/v1/merchants/me/ip-allowlist", owner.access())
                        .json()
                        .path("cidrs")
                        .toString())
                .isEqualTo("[\"196.201.214.0/24\",\"10.1.2.3\"]");
        assertAccessible();
        screenshot("settings");

        // live mode has its own shortcode: none yet
        page.getByRole(AriaRole.BUTTON, named("Switch to live data")).click();
        assertThat(page).hasURL(url("/dashboard/settings"));
        assertThat(page.locator("#mpesa-heading")).containsText("live mode");
        assertThat(page.locator("#passkey-state")).hasText("Not set");
        assertFitsAPhone("settings");
    }

    @Test
    void viewersAndDevelopersReadTheSettingsButSeeNoFormsAndForgedChangesAreRefused() {
        Session owner = register();
        for (String role : List.of("viewer", "developer")) {
            Session member = member(owner, role);
            BrowserContext theirs = newContext();
            try {
                page = newPage(theirs);
                signIn(member.email());
                page.navigate(url("/dashboard/settings"));
                assertThat(page.getByRole(AriaRole.NOTE)
                                .filter(new com.microsoft.playwright.Locator.FilterOptions()
                                        .setHasText("only the account's owners change them")))
                        .isVisible();
                assertThat(page.locator("#page form")).hasCount(0);
                assertThat(page.locator("#passkey-state")).hasText("Not set");
                assertAccessible();

                assertRefusedForRole(
                        forgedPost(
                                "/dashboard/settings/mpesa",
                                FormData.create().set("shortcode", "600100").set("passkey", PASSKEY)),
                        role);
                assertRefusedForRole(
                        forgedPost(
                                "/dashboard/settings/payout-destination",
                                FormData.create().set("type", "mpesa_phone").set("phone", "0712345678")),
                        role);
                assertRefusedForRole(
                        forgedPost(
                                "/dashboard/settings/profile", FormData.create().set("business_name", "Forged")),
                        role);
                assertRefusedForRole(
                        forgedPost(
                                "/dashboard/settings/ip-allowlist",
                                FormData.create().set("cidrs", "10.0.0.1")),
                        role);
                assertThat(count(
                                "SELECT count(*) FROM merchant_provider_credentials WHERE merchant_id = ?",
                                owner.merchantId()))
                        .isZero();
                assertThat(count("SELECT count(*) FROM payout_destinations WHERE merchant_id = ?", owner.merchantId()))
                        .isZero();
                assertThat(count(
                                "SELECT count(*) FROM merchants WHERE id = ? AND name <> 'Forged' "
                                        + "AND cardinality(ip_allowlist) = 0",
                                owner.merchantId()))
                        .isEqualTo(1);
            } finally {
                theirs.close();
            }
        }
    }

    /** The form control with exactly this label (a section may be labelled by a heading holding the same words). */
    private com.microsoft.playwright.Locator field(String label) {
        return page.getByLabel(label, new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true));
    }
}
