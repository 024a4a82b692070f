package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.support.BrowserTest;
import ke.onpoint.pay.support.WebhookReceiver;
import ke.onpoint.pay.webhook.WebhookDeliveries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The webhooks page: endpoint, test event, deliveries and their attempts, a replay, secret rotation, a viewer. */
class WebhooksBrowserIT extends BrowserTest {

    @Autowired
    FieldCipher cipher;

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    @Test
    void aTestEventIsDeliveredListedWithItsAttemptsAndReplayed() {
        Session owner = register();
        signIn(owner.email());
        page.navigate(url("/dashboard/webhooks"));
        assertThat(page.getByText("No deliveries yet.")).isVisible();
        assertAccessible();
        screenshot("webhooks-empty");

        // a URL the API refuses: its problem is shown, nothing is saved
        page.getByLabel("Endpoint URL").fill("ftp://files.shop.test/hooks");
        button("Save endpoint").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("url");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("must be an absolute http:// or https:// URL");
        assertThat(count("SELECT count(*) FROM merchants WHERE id = ? AND webhook_url IS NOT NULL", owner.merchantId()))
                .isZero();

        page.getByLabel("Endpoint URL").fill(receiver.url());
        button("Save endpoint").click();
        assertThat(page.locator("#current-url")).hasText(receiver.url());
        assertThat(page.getByRole(AriaRole.ALERT)).hasCount(0);
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Webhook URL saved")))
                .isVisible();

        button("Send a test event").click();
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Test event evt_")))
                .isVisible();
        // the list follows the delivery without a reload
        Locator delivery = page.locator("li.delivery");
        assertThat(delivery).hasCount(1);
        assertThat(delivery).containsText("webhook.test");
        assertThat(delivery.locator(".status")).hasText("Delivered");
        assertThat(delivery.locator(".delivery-attempts")).hasText("1 attempt");
        String eventId = delivery.getAttribute("data-event");
        eventually().until(() -> receiver.deliveriesPerEvent().getOrDefault(eventId, 0L) == 1L);

        delivery.locator("summary").click();
        Locator attempts = delivery.locator("table");
        assertThat(attempts.locator("tbody tr")).hasCount(1);
        assertThat(attempts).containsText("HTTP 200");
        assertAccessible();
        screenshot("webhooks-delivery");

        delivery.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName(Pattern.compile("^Send again \\(webhook\\.test\\)$")))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)
                        .filter(new Locator.FilterOptions().setHasText("is being sent again")))
                .isVisible();
        assertThat(page.locator("li.delivery .delivery-attempts")).hasText("2 attempts");
        assertThat(page.locator("li.delivery .status")).hasText("Delivered");
        eventually().until(() -> receiver.deliveriesPerEvent().getOrDefault(eventId, 0L) == 2L);
        page.locator("li.delivery summary").click();
        assertThat(page.locator("li.delivery table tbody tr")).hasCount(2);
        assertAccessible();
        screenshot("webhooks-replayed");

        for (String action : new String[] {"webhook.url_updated", "webhook.test_sent", "webhook.replayed"}) {
            assertThat(count(
                            "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = ? AND actor = ?",
                            owner.merchantId(),
                            action,
                            owner.email()))
                    .as(action)
                    .isEqualTo(1);
        }
    }

    @Test
    void aRotatedSecretIsShownOnceAndSignsFromThen() {
        Session owner = register();
        signIn(owner.email());
        page.navigate(url("/dashboard/webhooks"));
        button("Rotate the secret").click();
        Locator shown = page.locator("#new-secret");
        assertThat(shown).hasText(Pattern.compile("whsec_[0-9A-Za-z]{32}"));
        String secret = shown.textContent().trim();
        assertThat(cipher.decrypt(
                        WebhookDeliveries.SECRET_FIELD,
                        jdbc.queryForObject(
                                "SELECT webhook_secret FROM merchants WHERE id = ?", String.class, owner.merchantId())))
                .isEqualTo(secret);
        assertThat(page.locator("#new-secret-panel")).containsText("Your previous secret keeps signing");
        assertAccessible();
        screenshot("webhooks-secret-rotated");

        page.reload();
        assertThat(page.locator("#new-secret")).hasCount(0);
        assertThat(page.content()).doesNotContain(secret);
        assertThat(page.getByText("Your previous secret also signs until")).isVisible();
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'webhook.secret_rotated'",
                        owner.merchantId()))
                .isEqualTo(1);
    }

    @Test
    void aViewerSeesTheDeliveriesButNoActionsAndAForgedReplayIsRefused() {
        Session owner = register();
        Reply set = call("PUT", "/api/v1/merchants/me/webhook", owner.access(), "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        Reply sent = post("/api/v1/merchants/me/webhook/test", owner.access(), "{}", Map.of());
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String eventId = sent.json().path("event_id").asText();
        eventually().until(() -> receiver.deliveriesPerEvent().getOrDefault(eventId, 0L) == 1L);
        String deliveryId = jdbc.queryForObject(
                "SELECT public_id FROM webhook_deliveries WHERE event_id = ?", String.class, eventId);
        eventually()
                .until(() -> count(
                                "SELECT count(*) FROM webhook_deliveries WHERE public_id = ? AND status = 'delivered'",
                                deliveryId)
                        == 1);

        Session viewer = member(owner, "viewer");
        signIn(viewer.email());
        page.navigate(url("/dashboard/webhooks"));
        assertThat(page.locator("#current-url")).hasText(receiver.url());
        Locator delivery = page.locator("li.delivery");
        assertThat(delivery).hasCount(1);
        delivery.locator("summary").click();
        assertThat(delivery.locator("table tbody tr")).hasCount(1);
        for (String action : new String[] {"Save endpoint", "Rotate the secret", "Send a test event"}) {
            assertThat(button(action)).hasCount(0);
        }
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("again"))))
                .hasCount(0);
        assertThat(page.getByLabel("Endpoint URL")).hasCount(0);
        assertAccessible();
        screenshot("webhooks-viewer");

        String csrf = page.locator("meta[name=csrf-token]").getAttribute("content");
        APIResponse replay = page.request()
                .post(
                        url("/dashboard/webhooks/deliveries/" + deliveryId + "/replay"),
                        RequestOptions.create()
                                .setForm(FormData.create().set("_csrf", csrf))
                                .setMaxRedirects(0));
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.text()).contains("Your role (viewer) does not allow this");
        APIResponse moved = page.request()
                .post(
                        url("/dashboard/webhooks/url"),
                        RequestOptions.create()
                                .setForm(FormData.create().set("_csrf", csrf).set("url", "https://evil.test/hook"))
                                .setMaxRedirects(0));
        assertThat(moved.status()).isEqualTo(403);

        assertThat(jdbc.queryForObject(
                        "SELECT webhook_url FROM merchants WHERE id = ?", String.class, owner.merchantId()))
                .isEqualTo(receiver.url());
        assertThat(jdbc.queryForMap("SELECT status, attempts FROM webhook_deliveries WHERE public_id = ?", deliveryId))
                .containsEntry("status", "delivered")
                .containsEntry("attempts", 1);
        assertThat(receiver.deliveriesPerEvent().get(eventId)).isEqualTo(1L);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action LIKE 'webhook.%' AND actor = ?",
                        owner.merchantId(), viewer.email()))
                .isZero();
    }
}
