package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.ledger.AccountKind;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import ke.onpoint.pay.ledger.Posting;
import ke.onpoint.pay.settlement.SettlementRun;
import ke.onpoint.pay.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The balance page: the ledger's balance, a settlement the daily run made and paid out by B2C through the Daraja
 * simulator, its lines and its CSV (the API's own).
 */
class BalanceBrowserIT extends BrowserTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    @Autowired
    SettlementRun run;

    @Autowired
    Ledger ledger;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theBalanceASettlementItsLinesPayoutAndCsv() throws IOException {
        Session owner = register();
        String key = createKey(owner, "test", "payments:read");
        Reply destination = call(
                "PUT",
                "/api/v1/merchants/me/payout-destination",
                owner.access(),
                "{\"type\":\"mpesa_phone\",\"phone\":\"0712345678\"}");
        assertThat(destination.status()).as(destination.body()).isEqualTo(200);

        signIn(owner.email());
        page.navigate(url("/dashboard/balance"));
        assertThat(page.getByText("No settlements yet.")).isVisible();
        assertThat(page.locator("[data-balance=pending]")).hasText("KES 0.00");
        assertAccessible();
        screenshot("balance-empty");

        // captured payments settling on days of their own, far ahead: the run settles this merchant's only
        LocalDate day = LocalDate.now(EastAfricaTime.ZONE)
                .plusDays(3000 + ThreadLocalRandom.current().nextInt(3000));
        String first = captured(owner.merchantId(), 250_000, 3_750, day);
        String second = captured(owner.merchantId(), 120_050, 1_801, day);
        captured(owner.merchantId(), 100_000, 1_500, day.plusDays(1)); // still pending after the run
        run.run(day, "test");
        String settlement = jdbc.queryForObject(
                "SELECT reference FROM settlements WHERE merchant_id = ? AND settlement_date = ?",
                String.class,
                owner.merchantId(),
                day);
        eventually()
                .until(
                        () -> jdbc.queryForObject(
                                "SELECT p.status FROM payouts p JOIN settlements s ON s.id = p.settlement_id "
                                        + "WHERE s.reference = ?",
                                String.class,
                                settlement),
                        "paid"::equals);

        page.reload();
        Locator cards = page.locator(".balance-cards");
        assertThat(cards.locator("[data-balance=pending]")).hasText("KES 985.00");
        // M-Pesa pays whole shillings: the cents wait in available for the next payout
        assertThat(cards.locator("[data-balance=available]")).hasText("KES 0.99");
        assertThat(cards.locator("[data-balance=in_payout]")).hasText("KES 0.00");
        assertThat(cards)
                .containsText("KES 985.00 settles on " + day.plusDays(1).format(DAY));
        assertThat(page.getByText("Payouts go to M-Pesa 2547•••••678")).isVisible();
        Locator row = page.locator("tr[data-settlement='" + settlement + "']");
        assertThat(row).containsText("Paid");
        assertThat(row).containsText("KES 3,700.50"); // gross
        assertThat(row).containsText("KES 55.51"); // fees
        assertThat(row).containsText("KES 3,644.99"); // net
        assertThat(row).containsText("KES 3,644.00"); // paid out
        assertAccessible();
        screenshot("balance");

        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(settlement))
                .click();
        assertThat(page).hasURL(url("/dashboard/balance/settlements/" + settlement));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Settlement " + settlement)))
                .isVisible();
        assertThat(page.locator("#payout-status")).hasText("Paid");
        assertThat(page.locator("section[aria-labelledby=payout-heading]")).containsText("KES 3,644.00");
        assertThat(page.locator("section[aria-labelledby=payout-heading]")).containsText("M-Pesa 2547•••••678");
        Locator lines = page.locator("section[aria-labelledby=lines-heading] tbody tr");
        assertThat(lines).hasCount(2);
        assertThat(lines.nth(0)).containsText(first);
        assertThat(lines.nth(0)).containsText("KES 2,500.00");
        assertThat(lines.nth(0)).containsText("KES 37.50");
        assertThat(lines.nth(0)).containsText("KES 2,462.50");
        assertThat(lines.nth(1)).containsText(second);
        assertThat(lines.nth(1)).containsText("KES 1,182.49");
        assertAccessible();
        screenshot("settlement");

        Download csv = page.waitForDownload(
                () -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV of every line"))
                        .click());
        assertThat(csv.suggestedFilename()).isEqualTo("settlement-" + settlement + ".csv");
        String[] rows = Files.readString(csv.path(), StandardCharsets.UTF_8).split("\r\n");
        // exactly what the API's format=csv answers
        assertThat(String.join("\r\n", rows) + "\r\n")
                .isEqualTo(get("/api/v1/settlements/" + settlement + "?format=csv", key)
                        .body());
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).isEqualTo("kind,reference,occurred_at,gross,fee,net");
        assertThat(rows[1]).startsWith("payment.captured," + first + ",").endsWith(",2500.00,37.50,2462.50");
        assertThat(rows[3]).isEqualTo("total," + settlement + ",,3700.50,55.51,3644.99");

        // another merchant's settlement is not found from this session
        Session other = register();
        var stranger = newContext();
        try {
            Page theirs = newPage(stranger);
            signIn(theirs, other.email(), PASSWORD);
            assertThat(theirs.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")))
                    .isVisible();
            assertThat(theirs.request()
                            .get(url("/dashboard/balance/settlements/" + settlement + "/csv"))
                            .status())
                    .isEqualTo(404);
            theirs.navigate(url("/dashboard/balance/settlements/" + settlement));
            assertThat(theirs.getByRole(AriaRole.ALERT)).containsText("No settlement with reference");
        } finally {
            stranger.close();
        }
    }

    /** A completed payment's posting as the capture writes it (gross from clearing, fee to the platform). */
    private String captured(long merchantId, long grossMinor, long feeMinor, LocalDate settleOn) {
        String reference = "TXN" + uniqueReference().substring(6).toUpperCase();
        transactions.executeWithoutResult(tx ->
                ledger.post(Posting.of("payment.captured", reference, merchantId, "test")
                        .debit(LedgerAccount.clearing("mpesa", "test", "KES"), grossMinor)
                        .entry(
                                LedgerAccount.merchant(AccountKind.PENDING, merchantId, "test", "KES"),
                                -(grossMinor - feeMinor),
                                settleOn)
                        .credit(LedgerAccount.fees("test", "KES"), feeMinor)
                        .grossAndFee(grossMinor, feeMinor)
                        .build()));
        return reference;
    }
}
