package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SelectOption;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.support.BrowserTest;
import org.junit.jupiter.api.Test;

/** The overview, the payments list and a payment's page, with payments made through the API against the simulators. */
class DashboardPaymentsBrowserIT extends BrowserTest {

    private static final String[] SCOPES = {"payments:write", "payments:read", "refunds:write"};

    @Test
    void aPaymentMadeThroughTheApiAppearsOnTheOverviewWithoutReloading() {
        Session owner = register();
        String key = createKey(owner, "test", SCOPES);
        signIn(owner.email());
        Locator recent = page.locator("#recent-payments");
        assertThat(recent).containsText("No payments yet");
        page.evaluate("() => { window.sameDocument = true; }");

        Reply created = initiate(key, mpesaBody("254708374149", uniqueReference()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String reference = created.json().path("reference").asText();

        Locator row = recent.locator("tr[data-reference='" + reference + "']");
        assertThat(row).containsText("KES 100.00");
        // the simulated customer accepts the push: the row follows the payment to completed, still without a reload
        assertThat(row.locator(".status")).hasText("Completed");
        assertThat(page.evaluate("() => window.sameDocument === true")).isEqualTo(true);

        page.reload();
        assertThat(page.locator("#today-volume")).hasText("KES 100.00");
        assertThat(page.locator("#today-count")).hasText("1");
        assertAccessible();
        screenshot("overview");

        // by keyboard: the first Tab reaches the skip link, which moves focus to the page's content
        page.keyboard().press("Tab");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Skip to main content")))
                .isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#main")).isFocused();

        // on a phone: nothing wider than the screen
        page.setViewportSize(390, 844);
        page.reload();
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        screenshot("overview-phone");
    }

    @Test
    void theListFiltersSearchesAndExportsThePayments() throws IOException {
        Session owner = register();
        String key = createKey(owner, "test", SCOPES);
        JsonNode mpesa = awaitStatus(
                key,
                initiate(key, mpesaBody("254708374149", "SHOP-MPESA-1"))
                        .json()
                        .path("reference")
                        .asText(),
                "completed");
        JsonNode card = payOnCheckout(key, initiateCard(key, "1500.50"));
        // a checkout nobody completes ends expired (onpoint.cards.abandon-after)
        String expired = awaitStatus(
                        key, initiateCard(key, "75.00").json().path("reference").asText(), "expired")
                .path("reference")
                .asText();

        signIn(owner.email());
        page.navigate(url("/dashboard/payments"));
        Locator rows = page.locator("tbody tr[data-reference]");
        assertThat(rows).hasCount(3);

        // pages by the API's cursor, newest first
        page.navigate(url("/dashboard/payments?limit=2"));
        assertThat(rows).hasCount(2);
        assertThat(rows.first()).hasAttribute("data-reference", expired);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older payments »"))
                .click();
        assertThat(rows).hasCount(1);
        assertThat(rows.first())
                .hasAttribute("data-reference", mpesa.path("reference").asText());
        assertThat(page.locator("#next-page")).hasCount(0);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("« Newest payments"))
                .click();
        assertThat(rows).hasCount(2);
        page.navigate(url("/dashboard/payments"));

        page.getByLabel("Status").selectOption(new SelectOption().setLabel("Expired"));
        apply();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).hasAttribute("data-reference", expired);
        assertThat(page.getByLabel("Status")).hasValue("expired");

        page.getByLabel("Status").selectOption("");
        page.getByLabel("Method").selectOption(new SelectOption().setLabel("M-Pesa"));
        apply();
        assertThat(rows).hasCount(1);
        assertThat(rows.first())
                .hasAttribute("data-reference", mpesa.path("reference").asText());

        page.getByLabel("Method").selectOption("");
        for (String search : new String[] {
            "4149",
            mpesa.path("mpesa_receipt").asText(),
            "SHOP-MPESA-1",
            "0708374149",
            mpesa.path("reference").asText()
        }) {
            page.getByLabel("Search").fill(search);
            apply();
            assertThat(rows).hasCount(1);
            assertThat(rows.first())
                    .hasAttribute("data-reference", mpesa.path("reference").asText());
        }
        page.getByLabel("Search").fill(card.path("reference").asText().toLowerCase());
        apply();
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("KES 1,500.50");

        page.getByLabel("Search").fill("");
        String yesterday = LocalDate.now(EastAfricaTime.ZONE).minusDays(1).toString();
        page.getByLabel("To").fill(yesterday);
        apply();
        assertThat(page.locator("tbody")).containsText("No payment matches these filters.");

        page.navigate(url("/dashboard/payments?date_from=31-01-2024"));
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("must be a date such as 2024-01-31");
        assertAccessible();

        page.navigate(url("/dashboard/payments?payment_method=card"));
        Download download = page.waitForDownload(
                () -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Export CSV"))
                        .click());
        String csv = Files.readString(download.path());
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("reference,merchant_reference");
        assertThat(csv).contains(card.path("reference").asText(), expired, "1500.50");
        assertThat(csv).doesNotContain(mpesa.path("reference").asText());
        assertThat(csv.lines().count()).isEqualTo(3);
    }

    @Test
    void aRefundFromThePaymentPageIsConfirmedMadeOnceAndAudited() {
        Session owner = register();
        String key = createKey(owner, "test", SCOPES);
        JsonNode paid = payOnCheckout(key, initiateCard(key, "1500.50"));
        String reference = paid.path("reference").asText();

        signIn(owner.email());
        page.navigate(url("/dashboard/payments"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(reference))
                .click();
        assertThat(page.locator("#payment-reference")).hasText(reference);
        Locator timeline = page.locator("ol.timeline");
        assertThat(timeline).containsText("Payment initiated");
        assertThat(timeline).containsText("Event payment.completed");
        assertThat(timeline).containsText("Callback from");

        page.getByLabel("Amount (KES)").fill("500.25");
        page.getByLabel("Reason").fill("Damaged on delivery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review refund"))
                .click();
        assertThat(page.locator("#confirm-amount")).hasText("KES 500.25");
        assertThat(count("SELECT count(*) FROM refunds WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
        assertAccessible();

        // the confirmation sent twice (a double click, a retry): one refund
        String token = page.locator("meta[name=csrf-token]").getAttribute("content");
        Locator form = page.locator("form:has(button:text('Confirm refund'))");
        FormData again = FormData.create()
                .set("amount", form.locator("input[name=amount]").inputValue())
                .set("reason", form.locator("input[name=reason]").inputValue())
                .set(
                        "idempotency_key",
                        form.locator("input[name=idempotency_key]").inputValue())
                .set("_csrf", token);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm refund"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("of KES 500.25 is");
        APIResponse replay = page.request()
                .post(
                        url("/dashboard/payments/" + reference + "/refund"),
                        RequestOptions.create().setForm(again).setMaxRedirects(0));
        assertThat(replay.status()).isEqualTo(302);
        page.reload();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("already submitted");

        assertThat(count(
                        "SELECT count(*) FROM refunds WHERE merchant_id = ? AND amount_minor = 50025",
                        owner.merchantId()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'refund.requested' "
                                + "AND actor_type = 'user' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);
        awaitStatus(key, reference, "partially_refunded");
        page.reload();
        assertThat(page.locator("h1 .status")).hasText("Partially refunded");
        assertThat(page.locator("#amount-refunded")).hasText("KES 500.25");
        assertThat(timeline).containsText("of KES 500.25 requested");
        assertThat(timeline).containsText("processed");
        assertAccessible();
        screenshot("payment-detail");
    }

    @Test
    void aViewerSeesNoRefundActionAndAForgedRefundFromTheirSessionIsRefused() {
        Session owner = register();
        String key = createKey(owner, "test", SCOPES);
        String reference = payOnCheckout(key, initiateCard(key, "200.00"))
                .path("reference")
                .asText();
        Session viewer = member(owner, "viewer");

        signIn(viewer.email());
        page.navigate(url("/dashboard/payments/" + reference));
        assertThat(page.locator("#payment-reference")).hasText(reference);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review refund")))
                .hasCount(0);
        assertThat(page.getByLabel("Amount (KES)")).hasCount(0);
        assertAccessible();

        String token = page.locator("meta[name=csrf-token]").getAttribute("content");
        for (String step : new String[] {"/refund/review", "/refund"}) {
            APIResponse forged = page.request()
                    .post(
                            url("/dashboard/payments/" + reference + step),
                            RequestOptions.create()
                                    .setForm(FormData.create()
                                            .set("amount", "200.00")
                                            .set("reason", "forged")
                                            .set("idempotency_key", "dash_forged_" + step.length())
                                            .set("_csrf", token))
                                    .setMaxRedirects(0));
            assertThat(forged.status()).as(step).isEqualTo(403);
            assertThat(forged.text()).contains("Your role (viewer) does not allow this");
        }
        assertThat(count("SELECT count(*) FROM refunds WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
        assertThat(payment(key, reference).json().path("status").asText()).isEqualTo("completed");
    }

    /** Submits the filters; returns once the list for them is shown (each step's filters differ from the last). */
    private void apply() {
        String before = page.url();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply"))
                .click();
        page.waitForURL(now -> !now.equals(before));
    }
}
