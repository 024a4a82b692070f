package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.options.AriaRole;
import ke.onpoint.pay.kernel.EastAfricaTime;
import org.junit.jupiter.api.Test;

/** The audit log: the API's filters, its cursor paging and its CSV, on the page. */
class AuditBrowserIT extends AccountPagesBrowserTest {

    @Test
    void filtersPagesAndTheCsvDownloadShowTheMerchantsOwnTrail() throws IOException {
        Session owner = register();
        Session other = register(); // another merchant's trail never shows
        List<String> invited = List.of(invite(owner), invite(owner));
        invite(other);
        for (int i = 0; i < 52; i++) {
            Reply set = call(
                    "PUT",
                    "/api/v1/merchants/me/ip-allowlist",
                    owner.access(),
                    "{\"cidrs\":[\"10.0.0." + i + "\"]}",
                    Map.of());
            assertThat(set.status()).as(set.body()).isEqualTo(200);
        }
        signIn(owner.email());
        page.navigate(url("/dashboard/audit"));
        // newest first, the API's page of 50
        assertThat(page.locator("tbody tr")).hasCount(50);
        assertThat(page.locator("tbody tr").first()).containsText("auth.login");
        assertAccessible();
        screenshot("audit");

        page.getByLabel("Action").fill("user.invited");
        page.getByRole(AriaRole.BUTTON, named("Apply filters")).click();
        assertThat(page).hasURL(Pattern.compile(".*action=user\\.invited.*"));
        assertThat(page.locator("tbody tr")).hasCount(2);
        assertThat(page.locator("tbody")).containsText(invited.get(1));
        assertThat(page.locator("tbody")).containsText(owner.email());
        assertThat(page.locator("tbody")).not().containsText(other.email());
        page.locator("tbody tr").first().getByText("Details").click();
        assertThat(page.locator("tbody tr").first().locator("pre")).containsText(invited.get(1));

        // the CSV of the same filter: a header and the two rows, the page's order
        Download download = page.waitForDownload(
                () -> page.getByRole(AriaRole.LINK, named("Download CSV")).click());
        assertThat(download.suggestedFilename()).isEqualTo("audit-logs.csv");
        List<String> lines =
                Arrays.asList(new String(Files.readAllBytes(download.path()), StandardCharsets.UTF_8).split("\r\n"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .isEqualTo("id,occurred_at,merchant,actor_type,actor,action,target_type,target,before,after,source_ip,"
                        + "request_id");
        assertThat(lines.subList(1, 3))
                .allSatisfy(line -> assertThat(line)
                        .contains("," + owner.merchant() + ",user," + owner.email() + ",user.invited,user,usr_"));
        assertThat(lines.get(1)).contains(userId(invited.get(1))).contains(invited.get(1));
        assertThat(lines.get(2)).contains(userId(invited.get(0))).contains(invited.get(0));

        // the actor filter and a date range: today (EAT) has them, yesterday has nothing
        LocalDate today = LocalDate.now(EastAfricaTime.ZONE);
        page.navigate(url("/dashboard/audit"));
        page.getByLabel("Actor").fill(owner.email());
        page.getByLabel("From (EAT)").fill(today.toString());
        page.getByLabel("To (EAT, inclusive)").fill(today.toString());
        page.getByRole(AriaRole.BUTTON, named("Apply filters")).click();
        assertThat(page.locator("tbody tr")).hasCount(50);
        page.getByLabel("To (EAT, inclusive)").fill(today.minusDays(1).toString());
        page.getByLabel("From (EAT)").fill(today.minusDays(1).toString());
        page.getByRole(AriaRole.BUTTON, named("Apply filters")).click();
        assertThat(page.getByText("No audit entries match these filters.")).isVisible();
        assertThat(page.locator("tbody tr")).hasCount(0);

        // paging by the API's cursor, the filter kept
        page.navigate(url("/dashboard/audit?action=merchant.ip_allowlist_updated"));
        assertThat(page.locator("tbody tr")).hasCount(50);
        assertThat(page.locator("tbody tr").first()).containsText("10.0.0.51");
        page.getByRole(AriaRole.LINK, named("Older entries")).click();
        assertThat(page).hasURL(Pattern.compile(".*action=merchant\\.ip_allowlist_updated.*cursor=\\d+.*"));
        assertThat(page.locator("tbody tr")).hasCount(2);
        assertThat(page.locator("tbody tr").last()).containsText("merchant.ip_allowlist_updated");
        assertThat(page.getByRole(AriaRole.LINK, named("Older entries"))).hasCount(0);
        page.getByRole(AriaRole.LINK, named("Newest entries")).click();
        assertThat(page.locator("tbody tr")).hasCount(50);
        assertAccessible();

        // a filter the API refuses: its problem on the page, the filters kept
        page.navigate(url("/dashboard/audit?action=user.invited&cursor=not-a-cursor"));
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("cursor: must be the next_cursor of a previous page");
        assertThat(page.getByLabel("Action")).hasValue("user.invited");
        assertFitsAPhone("audit");
    }

    @Test
    void aViewerReadsTheAuditLogToo() {
        Session owner = register();
        Session viewer = member(owner, "viewer");
        signIn(viewer.email());
        page.navigate(url("/dashboard/audit?action=user.invite_accepted"));
        assertThat(page.locator("tbody tr")).hasCount(1);
        assertThat(page.locator("tbody")).containsText(viewer.email());
        page.navigate(url("/dashboard/audit?action=nothing.ever"));
        assertThat(page.getByText("No audit entries match these filters.")).isVisible();
        assertAccessible();
    }

    private String invite(Session owner) {
        String email = "viewer-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
        Reply invited = post(
                "/api/v1/merchants/me/users",
                owner.access(),
                "{\"email\":\"" + email + "\",\"role\":\"viewer\"}",
                Map.of());
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        return email;
    }

    private String userId(String email) {
        return jdbc.queryForObject("SELECT public_id FROM users WHERE email = ?", String.class, email);
    }
}
