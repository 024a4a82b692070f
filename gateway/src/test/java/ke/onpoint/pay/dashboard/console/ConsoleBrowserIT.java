package ke.onpoint.pay.dashboard.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import ke.onpoint.pay.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The operator console in Chromium: an admin reviews KYC (the owner's uploads through the JSON API, approved in the
 * console, after which the owner's live key works), rejects with a reason, resolves a callback awaiting review and a
 * reconciliation mismatch with a note, records the verdict on a refund held for review, changes a merchant's limits
 * and pricing and pauses its payouts, and reads the failing webhooks and the system page; a merchant's owner is
 * refused every console page and form. Every action leaves the audit entry its API twin leaves. axe-core on each page;
 * screenshots in target/screenshots.
 */
class ConsoleBrowserIT extends BrowserTest {

    private static final byte[] PDF = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    private ApplicationContext context;

    @Test
    void kycUploadedByTheOwnerIsApprovedInTheConsoleAndThenALiveKeyCanBeCreated() {
        Session owner = register();
        Session admin = admin(context);
        assertThat(createKey(owner, "live").json().path("type").asText()).endsWith("/kyc-required");
        String idDocument = upload(owner, "director_id", "director-id.png", "image/png", png());
        List<String> others = List.of(
                upload(owner, "certificate_of_incorporation", "certificate.pdf", "application/pdf", PDF),
                upload(owner, "kra_pin_certificate", "kra-pin.pdf", "application/pdf", PDF),
                upload(owner, "bank_letter", "bank-letter.pdf", "application/pdf", PDF));

        signIn(admin.email());
        assertThat(page).hasURL(url("/dashboard/console"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Operator console")))
                .isVisible();
        assertAccessible();
        screenshot("console-home");

        navLink("KYC review").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("KYC review")))
                .isVisible();
        page.getByLabel("Merchant id").fill(owner.merchant());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show"))
                .click();
        Locator rows = page.locator("tbody tr");
        assertThat(rows).hasCount(4);
        // oldest first: the director's id, uploaded first, leads the queue
        assertThat(rows.first()).containsText("Director id");
        assertAccessible();
        screenshot("console-kyc-queue");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Review director-id.png"))
                .click();
        assertThat(page).hasURL(url("/dashboard/console/kyc/" + idDocument));
        Locator image = page.locator("#document-image");
        assertThat(image).isVisible();
        // the browser really decoded the stored image (served inline, as an image, from the gateway itself)
        page.waitForCondition(() -> (Boolean) image.evaluate("img => img.complete && img.naturalWidth === 360"));
        assertAccessible();
        screenshot("console-kyc-review");

        APIResponse file = page.request().get(url("/dashboard/console/kyc/" + idDocument + "/file"));
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.headers().get("content-type")).isEqualTo("image/png");
        assertThat(file.headers().get("content-disposition"))
                .startsWith("inline;")
                .contains("director-id.png");
        assertThat(file.headers().get("cache-control")).contains("no-store");
        assertThat(file.headers().get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(file.body()).isEqualTo(png());

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Approved director-id.png");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("KYC status is now pending");
        assertThat(page.locator("#document-status")).hasText("Approved");

        for (String document : others) {
            page.navigate(url("/dashboard/console/kyc/" + document));
            assertThat(page.locator("#document-link")).isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve"))
                    .click();
            assertThat(page.locator("#document-status")).hasText("Approved");
        }
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("KYC status is now approved");

        // the merchant's own API now says approved, and a live key can be created
        assertThat(get("/api/v1/merchants/me", owner.access())
                        .json()
                        .path("kyc_status")
                        .asText())
                .isEqualTo("approved");
        Reply live = createKey(owner, "live");
        assertThat(live.status()).as(live.body()).isEqualTo(201);
        assertThat(live.json().path("key").asText()).startsWith("sk_live_");

        // audited exactly as the admin API's review: one kyc.reviewed per decision, by the admin, on the merchant
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.reviewed' AND actor = ?"
                                + " AND actor_type = 'user' AND after->>'decision' = 'approved'",
                        owner.merchantId(),
                        admin.email()))
                .isEqualTo(4);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.document_viewed'"
                                + " AND target = ? AND actor = ?",
                        owner.merchantId(),
                        idDocument,
                        admin.email()))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRejectionNeedsAReasonAndShowsIt() {
        Session owner = register();
        Session admin = admin(context);
        String letter = upload(owner, "bank_letter", "letter.pdf", "application/pdf", PDF);
        signIn(admin.email());

        page.navigate(url("/dashboard/console/kyc/" + letter));
        APIResponse file = page.request().get(url("/dashboard/console/kyc/" + letter + "/file"));
        assertThat(file.headers().get("content-type")).isEqualTo("application/pdf");
        assertThat(file.headers().get("cache-control")).contains("no-store");

        Response refused = page.waitForResponse(
                r -> r.url().endsWith("/review"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reject"))
                        .click());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("is required when rejecting");
        assertThat(page.locator("#document-status")).hasText("Pending");
        assertAccessible();

        page.getByLabel("Reason").fill("The letter is not signed by the bank");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reject"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Rejected letter.pdf");
        assertThat(page.locator("#document-status")).hasText("Rejected");
        assertThat(page.locator("#document-reason")).hasText("The letter is not signed by the bank");

        JsonNode mine =
                get("/api/v1/merchants/me/kyc-documents", owner.access()).json();
        assertThat(mine.path("kyc_status").asText()).isEqualTo("rejected");
        assertThat(mine.path("data").get(0).path("reason").asText()).isEqualTo("The letter is not signed by the bank");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'kyc.reviewed'"
                                + " AND after->>'reason' = 'The letter is not signed by the bank'",
                        owner.merchantId()))
                .isEqualTo(1);
    }

    @Test
    void aMerchantOwnerIsRefusedEveryConsolePageAndForm() {
        Session owner = register();
        String letter = upload(owner, "bank_letter", "letter.pdf", "application/pdf", PDF);
        signIn(owner.email());
        assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Dashboard")))
                .not()
                .containsText("KYC review");

        for (String path : List.of(
                "/dashboard/console",
                "/dashboard/console/merchants",
                "/dashboard/console/merchants/" + owner.merchant(),
                "/dashboard/console/kyc",
                "/dashboard/console/kyc/" + letter,
                "/dashboard/console/kyc/" + letter + "/file",
                "/dashboard/console/callbacks",
                "/dashboard/console/refunds",
                "/dashboard/console/reconciliation",
                "/dashboard/console/webhooks",
                "/dashboard/console/system")) {
            Response response = page.navigate(url(path));
            assertThat(response.status()).as(path).isEqualTo(403);
        }
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("does not allow this");

        // the session's own, valid CSRF token does not make a console form the owner's
        page.navigate(url("/dashboard"));
        String token = page.locator("meta[name=csrf-token]").getAttribute("content");
        APIResponse approve = page.request()
                .post(
                        url("/dashboard/console/kyc/" + letter + "/review"),
                        RequestOptions.create()
                                .setForm(FormData.create().set("_csrf", token).set("decision", "approved"))
                                .setMaxRedirects(0));
        assertThat(approve.status()).isEqualTo(403);
        APIResponse pause = page.request()
                .post(
                        url("/dashboard/console/merchants/" + owner.merchant() + "/payouts/pause"),
                        RequestOptions.create()
                                .setForm(FormData.create().set("_csrf", token).set("reason", "mine"))
                                .setMaxRedirects(0));
        assertThat(pause.status()).isEqualTo(403);
        APIResponse verdict = page.request()
                .post(
                        url("/dashboard/console/refunds/RFDANY/resolve"),
                        RequestOptions.create()
                                .setForm(FormData.create()
                                        .set("_csrf", token)
                                        .set("outcome", "processed")
                                        .set("note", "mine"))
                                .setMaxRedirects(0));
        assertThat(verdict.status()).isEqualTo(403);

        assertThat(get("/api/v1/merchants/me/kyc-documents", owner.access())
                        .json()
                        .path("data")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("pending");
        assertThat(count("SELECT count(*) FROM merchants WHERE id = ? AND payouts_paused", owner.merchantId()))
                .isZero();
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'kyc.reviewed' AND merchant_id = ?",
                        owner.merchantId()))
                .isZero();
    }

    @Test
    void aCallbackAwaitingReviewIsResolvedWithANote() {
        Session admin = admin(context);
        String checkout = "ws_CO_" + UUID.randomUUID().toString().replace("-", "");
        long id = unmatchedStkCallback(checkout);

        signIn(admin.email());
        navLink("Callbacks").click();
        page.getByLabel("Provider").selectOption("mpesa");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show"))
                .click();
        Locator row = page.locator("tbody tr", new Page.LocatorOptions().setHasText(checkout));
        assertThat(row).containsText("Unmatched");
        assertAccessible();
        screenshot("console-callbacks");

        row.getByRole(AriaRole.LINK).click();
        assertThat(page).hasURL(url("/dashboard/console/callbacks/cb_" + id));
        assertThat(page.locator("pre.payload")).containsText(checkout);
        // as kept: the payer's phone masked
        assertThat(page.locator("pre.payload")).containsText("2547******49");
        assertThat(page.locator("pre.payload")).not().containsText("254708374149");
        assertThat(page.getByText("No payment of ours carries this correlation id"))
                .isVisible();
        assertAccessible();

        page.getByLabel("Note").fill("Not ours: Safaricom confirmed a test push of another integrator");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("resolved");
        assertThat(page.locator("#resolution-note"))
                .hasText("Not ours: Safaricom confirmed a test push of another integrator");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve")))
                .hasCount(0);
        screenshot("console-callback");

        assertThat(jdbc.queryForObject("SELECT resolution_note FROM provider_callbacks WHERE id = ?", String.class, id))
                .isEqualTo("Not ours: Safaricom confirmed a test push of another integrator");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'provider_callback.resolved' AND target = ?"
                                + " AND actor = ? AND merchant_id IS NULL",
                        "cb_" + id,
                        admin.email()))
                .isEqualTo(1);
        page.navigate(url("/dashboard/console/callbacks?provider=mpesa"));
        assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText(checkout)))
                .hasCount(0);
    }

    @Test
    void aRefundHeldForReviewIsRecordedAsFailedWithANoteAndItsAmountGoesBack() {
        Session admin = admin(context);
        String key = newMerchantKey();
        String payment = initiate(key, mpesaBody("0712345600", uniqueReference()))
                .json()
                .path("reference")
                .asText();
        awaitStatus(key, payment, "completed");
        String refund = whileReversalsAnswerUnreadably(() -> {
            Reply asked = post("/api/v1/payments/refund", key, "{\"reference\":\"" + payment + "\"}", Map.of());
            assertThat(asked.status()).as(asked.body()).isEqualTo(201);
            String reference = asked.json().path("refund_reference").asText();
            eventually()
                    .until(() -> count(
                                    "SELECT count(*) FROM refunds WHERE reference = ? AND status = 'needs_review'",
                                    reference)
                            == 1);
            return reference;
        });

        signIn(admin.email());
        assertThat(page.locator("a.card", new Page.LocatorOptions().setHasText("Refunds held for review"))
                        .locator(".value"))
                .not()
                .hasText("0");
        navLink("Refunds").click();
        Locator held = page.locator("#refund-" + refund);
        assertThat(held).containsText(payment);
        assertThat(held).containsText("KES 100.00");
        assertAccessible();
        screenshot("console-refunds");

        // a verdict without a note is refused on the page, and nothing changes
        held.getByLabel("Failed: no money moved").check();
        page.evaluate("document.querySelectorAll('textarea').forEach(t => t.removeAttribute('required'))");
        held.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Record verdict on " + refund))
                .click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("note: is required");
        assertThat(count("SELECT count(*) FROM refunds WHERE reference = ? AND status = 'needs_review'", refund))
                .isEqualTo(1);

        held = page.locator("#refund-" + refund);
        held.getByLabel("Failed: no money moved").check();
        held.getByLabel("Note").fill("No reversal for this receipt in the M-Pesa org portal");
        held.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Record verdict on " + refund))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Refund " + refund + " recorded as failed");
        assertThat(page.locator("#refund-" + refund)).hasCount(0);
        assertThat(payment(key, payment).json().path("amount_refunded").decimalValue())
                .isEqualByComparingTo("0");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'refund.resolved' AND target = ? AND actor = ?",
                        refund,
                        admin.email()))
                .isEqualTo(1);
    }

    @Test
    void aReconciliationMismatchIsResolvedWithANote() {
        Session admin = admin(context);
        Reply planted = post("/sim/paystack/__sim/recon/provider-only", null, "{\"amount\":55500}", Map.of());
        try {
            assertThat(planted.status()).as(planted.body()).isEqualTo(200);
            JsonNode record = planted.json().has("data") ? planted.json().path("data") : planted.json();
            String plantedId = record.path("id").asText();
            Reply run = call(
                    "POST",
                    "/api/v1/admin/reconciliation/runs",
                    admin.access(),
                    "{\"provider\":\"paystack\",\"date\":\"" + LocalDate.now(ZoneId.of("Africa/Nairobi")) + "\"}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            String item = null;
            for (JsonNode found : run.json().path("items")) {
                if (plantedId.equals(found.path("provider_reference").asText())) {
                    item = found.path("id").asText();
                }
            }
            assertThat(item).isNotNull();

            signIn(admin.email());
            navLink("Reconciliation").click();
            page.getByLabel("Provider").selectOption("paystack");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show"))
                    .click();
            Locator row = page.locator("tbody tr", new Page.LocatorOptions().setHasText(plantedId));
            assertThat(row).containsText("Missing at gateway");
            assertThat(row).containsText("KES 555.00");
            assertAccessible();
            screenshot("console-reconciliation");

            row.locator("summary").click();
            row.getByLabel("Note").fill("Paystack test transaction made from their dashboard");
            row.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Resolve").setExact(true))
                    .click();
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("Item " + item + " resolved");
            assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText(plantedId)))
                    .hasCount(0);

            JsonNode resolved = call(
                            "GET",
                            "/api/v1/admin/reconciliation/items?status=resolved&provider=paystack",
                            admin.access(),
                            null)
                    .json();
            assertThat(resolved.path("data").findValuesAsText("resolution_note"))
                    .contains("Paystack test transaction made from their dashboard");
            assertThat(count(
                            "SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.item_resolved' AND target = ?"
                                    + " AND actor = ?",
                            item,
                            admin.email()))
                    .isEqualTo(1);
        } finally {
            post("/sim/paystack/__sim/recon/reset", null, "{}", Map.of());
        }
    }

    @Test
    void anAdminChangesAMerchantsLimitsAndPricingAndPausesItsPayouts() {
        Session owner = register();
        Session admin = admin(context);
        signIn(admin.email());

        navLink("Merchants").click();
        page.getByLabel("Name, email or merchant id").fill(owner.email().toUpperCase());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))
                .click();
        Locator rows = page.locator("tbody tr");
        assertThat(rows).hasCount(1);
        assertThat(rows).containsText("Not submitted");
        assertThat(rows).containsText("Running");
        assertAccessible();
        screenshot("console-merchants");
        rows.getByRole(AriaRole.LINK).click();
        assertThat(page).hasURL(url("/dashboard/console/merchants/" + owner.merchant()));

        // limits: one figure changed is the one figure sent; the rest stay as they were (defaults)
        page.getByLabel("M-Pesa: payments a day").fill("40");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save limits"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Limits saved");
        JsonNode limits = call("GET", "/api/v1/admin/merchants/" + owner.merchant() + "/limits", admin.access(), null)
                .json();
        JsonNode mpesa = null;
        for (JsonNode row : limits.path("transaction_limits")) {
            if (row.path("payment_method").asText().equals("mpesa")) {
                mpesa = row;
            }
        }
        assertThat(mpesa).isNotNull();
        assertThat(mpesa.path("daily_count").asInt()).isEqualTo(40);
        assertThat(mpesa.path("max_amount").isNull()).isTrue();
        assertThat(count("SELECT count(*) FROM merchants WHERE id = ? AND rate_per_second IS NULL", owner.merchantId()))
                .isEqualTo(1);

        // a refused figure: the service's own message, on the field, the typed value kept
        page.getByLabel("M-Pesa: percent (%)").fill("1.555");
        Response refused = page.waitForResponse(
                r -> r.url().endsWith("/pricing"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save pricing"))
                        .click());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("mpesa.percent");
        assertThat(page.locator("#percent_mpesa-error")).containsText("at most 2 decimals");
        assertThat(page.getByLabel("M-Pesa: percent (%)")).hasValue("1.555");
        assertThat(page.getByLabel("M-Pesa: percent (%)")).hasAttribute("aria-invalid", "true");
        assertAccessible();

        page.getByLabel("M-Pesa: percent (%)").fill("1.25");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save pricing"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Pricing saved");
        assertThat(page.getByLabel("M-Pesa: percent (%)")).hasValue("1.25");
        JsonNode pricing = call("GET", "/api/v1/admin/merchants/" + owner.merchant() + "/pricing", admin.access(), null)
                .json();
        assertThat(pricing.at("/mpesa/percent").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(pricing.at("/mpesa/default").asBoolean()).isFalse();
        assertThat(pricing.at("/card_local/default").asBoolean()).isTrue();
        Locator mpesaDefault = page.getByLabel("Default price for M-Pesa");
        assertThat(mpesaDefault).not().isChecked();

        // ticking "Default" returns the class to the configured price
        mpesaDefault.check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save pricing"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Pricing saved");
        assertThat(page.getByLabel("Default price for M-Pesa")).isChecked();
        assertThat(call("GET", "/api/v1/admin/merchants/" + owner.merchant() + "/pricing", admin.access(), null)
                        .json()
                        .at("/mpesa/default")
                        .asBoolean())
                .isTrue();

        page.getByLabel("Reason for pausing (kept in the audit log)").fill("Chargeback spike under review");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause payouts"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Payouts paused");
        assertThat(page.locator("#payouts")).containsText("Chargeback spike under review");
        assertAccessible();
        screenshot("console-merchant");
        assertThat(count(
                        "SELECT count(*) FROM merchants WHERE id = ? AND payouts_paused"
                                + " AND payouts_paused_reason = 'Chargeback spike under review'",
                        owner.merchantId()))
                .isEqualTo(1);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume payouts"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Payouts resumed");

        // each action audited as its API twin: the same actions, by the admin, on the merchant
        for (String action :
                List.of("merchant.limits_updated", "merchant.payouts_paused", "merchant.payouts_resumed")) {
            assertThat(count(
                            "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = ? AND actor = ?"
                                    + " AND target = ?",
                            owner.merchantId(),
                            action,
                            admin.email(),
                            owner.merchant()))
                    .as(action)
                    .isEqualTo(1);
        }
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'merchant.pricing_updated'"
                                + " AND actor = ?",
                        owner.merchantId(),
                        admin.email()))
                .isEqualTo(2);
    }

    @Test
    void failingWebhooksAndTheSystemPageShowWhatWaits() {
        Session owner = register();
        Session admin = admin(context);
        // a webhook URL where nothing listens: the test event's delivery fails, retries, and gives up
        Reply set = call(
                "PUT",
                "/api/v1/merchants/me/webhook",
                owner.access(),
                "{\"url\":\"http://127.0.0.1:" + freePort() + "/hooks\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        Reply test = call("POST", "/api/v1/merchants/me/webhook/test", owner.access(), null);
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_deliveries WHERE merchant_id = ? AND status = 'failed'",
                                owner.merchantId())
                        == 1);

        signIn(admin.email());
        navLink("Failing webhooks").click();
        Locator row = page.locator("tbody tr")
                .filter(new Locator.FilterOptions()
                        .setHas(page.getByRole(
                                AriaRole.LINK, new Page.GetByRoleOptions().setName(businessName(owner)))));
        assertThat(row).hasCount(1);
        assertThat(row.locator("td").nth(2)).hasText("1");
        assertThat(row).containsText("given up");
        assertAccessible();
        screenshot("console-webhooks");

        navLink("System").click();
        Locator breakers = page.locator("#breakers");
        assertThat(breakers).containsText("daraja-breaker");
        assertThat(breakers).containsText("paystack-breaker");
        assertThat(breakers.locator("tbody tr", new Locator.LocatorOptions().setHasText("paystack-breaker")))
                .containsText(Pattern.compile("Closed|Open|Half open|Not started"));
        assertThat(page.locator("#backlog-outbox")).containsText("Outbox");
        assertThat(page.locator("#backlog-webhooks")).containsText("Webhook deliveries");
        assertThat(page.locator("#jobs")).containsText("payments/reconcile-pending");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Hawtio")))
                .hasAttribute("href", "/actuator/hawtio");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Prometheus metrics")))
                .hasAttribute("href", "/actuator/prometheus");
        assertAccessible();
        screenshot("console-system");
    }

    private Locator navLink(String name) {
        return page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Dashboard"))
                .getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private String businessName(Session owner) {
        return jdbc.queryForObject("SELECT name FROM merchants WHERE id = ?", String.class, owner.merchantId());
    }

    private Reply createKey(Session owner, String mode) {
        return post(
                "/api/v1/merchants/me/api-keys",
                owner.access(),
                "{\"name\":\"" + mode + "\",\"mode\":\"" + mode
                        + "\",\"scopes\":[\"payments:write\",\"payments:read\"]}",
                Map.of());
    }

    /** A KYC document uploaded by the owner through the JSON API; its id. */
    private String upload(Session owner, String type, String fileName, String declaredType, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary = "kyc" + System.nanoTime();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + type + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Reply reply = send(HttpRequest.newBuilder(uri("/api/v1/merchants/me/kyc-documents"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + owner.access())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asText();
    }

    /**
     * A real PNG drawn like an identity card (a header band, a photo, lines of text), the same bytes every time: what
     * the review page shows, and the README's screenshot.
     */
    private static byte[] png() {
        BufferedImage image = new BufferedImage(360, 220, BufferedImage.TYPE_INT_RGB);
        Graphics2D card = image.createGraphics();
        card.setColor(new Color(0xF4F1E8));
        card.fillRect(0, 0, 360, 220);
        card.setColor(new Color(0x0B5CAD));
        card.fillRect(0, 0, 360, 36);
        card.setColor(new Color(0xB8C2CC));
        card.fillRect(20, 56, 90, 120);
        card.setColor(new Color(0x6B7785));
        card.fillOval(43, 72, 44, 44);
        card.fillRect(35, 122, 60, 54);
        card.setColor(new Color(0x1A2230));
        for (int line = 0; line < 5; line++) {
            card.fillRect(130, 62 + line * 24, line % 2 == 0 ? 190 : 140, 9);
        }
        card.setColor(new Color(0x17663A));
        card.fillRect(20, 192, 320, 8);
        card.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
