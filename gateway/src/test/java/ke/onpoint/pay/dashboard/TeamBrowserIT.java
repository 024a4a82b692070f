package ke.onpoint.pay.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import org.junit.jupiter.api.Test;

/**
 * Team: the owner invites (the link shown once), the invitee sets a password, the owner changes their role and removes
 * them; other roles are refused.
 */
class TeamBrowserIT extends AccountPagesBrowserTest {

    @Test
    void theOwnerInvitesADeveloperWhoseLinkIsShownOnceAndSetsAPasswordThenTheOwnerChangesTheirRoleAndRemovesThem() {
        Session owner = register();
        signIn(owner.email());
        page.navigate(url("/dashboard/team"));
        assertThat(page.locator("#team tbody tr")).hasCount(1);
        assertThat(page.locator("#team tbody")).containsText(owner.email());
        assertAccessible();

        String email = "dev-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
        page.getByLabel("Email").fill(email);
        page.getByLabel("Role", new Page.GetByLabelOptions().setExact(true)).selectOption("developer");
        page.getByLabel("Email").press("Enter"); // by keyboard: Enter in the form sends it
        assertThat(page.locator("#team .alert-ok")).containsText("Invitation created for " + email + " as developer");
        String link = page.getByLabel("Invitation link").inputValue();
        String token = page.getByLabel("Invitation token (for the API's /auth/accept-invite)")
                .inputValue();
        assertThat(token).startsWith("inv_");
        assertThat(link).isEqualTo(url("/dashboard/accept-invite?token=" + token));
        assertThat(page.locator("#user-" + userId(email))).containsText("Invited");
        assertThat(page.locator("#user-" + userId(email))).containsText("developer");
        assertThat(count(
                        "SELECT count(*) FROM users WHERE merchant_id = ? AND email = ? AND role = 'developer' "
                                + "AND status = 'invited'",
                        owner.merchantId(),
                        email))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'user.invited' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);
        assertAccessible();
        screenshot("team-invited");

        // shown once: the page afterwards has neither the token nor the link
        page.reload();
        assertThat(page.locator("#invite-result")).hasCount(0);
        assertThat(page.content()).doesNotContain(token);

        // the invitee opens the link in their own browser, chooses a password and signs in
        BrowserContext theirs = newContext();
        try {
            Page invitee = newPage(theirs);
            invitee.navigate(link);
            assertAccessible(invitee);
            screenshot(invitee, "accept-invite");
            invitee.getByLabel("New password").fill(PASSWORD);
            invitee.getByRole(AriaRole.BUTTON, named("Set password")).click();
            assertThat(invitee.getByRole(AriaRole.STATUS)).containsText("is ready");
            assertThat(count(
                            "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'user.invite_accepted'"
                                    + " AND actor = ?",
                            owner.merchantId(),
                            email))
                    .isEqualTo(1);
            invitee.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in"))
                    .click();
            signIn(invitee, email, PASSWORD);
            assertThat(invitee.getByRole(AriaRole.BANNER)).containsText("developer");
            // the same link a second time: the API's refusal, on the page
            invitee.getByRole(AriaRole.BUTTON, named("Sign out")).click();
            invitee.navigate(link);
            invitee.getByLabel("New password").fill(PASSWORD);
            invitee.getByRole(AriaRole.BUTTON, named("Set password")).click();
            assertThat(invitee.getByRole(AriaRole.ALERT)).containsText("token: is unknown, already used or expired");
        } finally {
            theirs.close();
        }

        page.reload();
        assertThat(page.locator("#user-" + userId(email))).containsText("Active");
        // the owner makes the developer a viewer: in place, audited, and the row shows the new role
        page.getByLabel("Change role of " + email + "…").click();
        page.getByLabel("New role for " + email).selectOption("viewer");
        page.getByRole(AriaRole.BUTTON, named("Save role of " + email)).click();
        assertThat(page.locator("#team .alert-ok")).containsText(email + " is now viewer");
        assertThat(page.locator("#user-" + userId(email) + " .role-badge")).hasText("viewer");
        assertThat(count("SELECT count(*) FROM users WHERE email = ? AND role = 'viewer' AND status = 'active'", email))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'user.role_changed' "
                                + "AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);
        assertAccessible();
        // the last owner stays an owner
        page.getByLabel("Change role of " + owner.email() + "…").click();
        page.getByLabel("New role for " + owner.email()).selectOption("developer");
        page.getByRole(AriaRole.BUTTON, named("Save role of " + owner.email())).click();
        assertThat(page.locator("#alerts [role=alert]")).containsText("A merchant keeps at least one owner");
        assertThat(count("SELECT count(*) FROM users WHERE email = ? AND role = 'owner'", owner.email()))
                .isEqualTo(1);

        // removing asks first; by keyboard: the disclosure opens with Enter, the confirmation is the next stop
        page.reload();
        page.getByLabel("Remove " + email + "…").focus();
        page.keyboard().press("Enter");
        page.keyboard().press("Tab");
        assertThat(page.getByRole(AriaRole.BUTTON, named("Yes, remove " + email)))
                .isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#team .alert-ok")).containsText(email + " was removed");
        assertThat(page.locator("#team tbody tr")).hasCount(1);
        assertThat(count("SELECT count(*) FROM users WHERE email = ? AND status = 'removed'", email))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'user.removed' AND actor = ?",
                        owner.merchantId(),
                        owner.email()))
                .isEqualTo(1);
        // the API's rule: the last owner stays
        page.getByLabel("Remove " + owner.email() + "…").click();
        page.getByRole(AriaRole.BUTTON, named("Yes, remove " + owner.email())).click();
        assertThat(page.locator("#alerts [role=alert]")).containsText("A merchant keeps at least one owner");
        assertThat(count("SELECT count(*) FROM users WHERE email = ? AND status = 'active'", owner.email()))
                .isEqualTo(1);
        assertAccessible();
        screenshot("team");
        assertFitsAPhone("team");
    }

    @Test
    void viewersAndDevelopersSeeNoInviteFormAndAForgedInvitationRoleChangeOrRemovalIsRefused() {
        Session owner = register();
        for (String role : List.of("viewer", "developer")) {
            Session member = member(owner, role);
            BrowserContext theirs = newContext();
            try {
                page = newPage(theirs);
                signIn(member.email());
                page.navigate(url("/dashboard/team"));
                assertThat(page.locator("#team tbody")).containsText(owner.email());
                assertThat(page.locator("#invite-form")).hasCount(0);
                assertThat(page.getByRole(AriaRole.HEADING, named("Invite a user")))
                        .hasCount(0);
                assertThat(page.locator("#team summary")).hasCount(0);
                assertAccessible();

                String email = "forged-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
                assertRefusedForRole(
                        forgedPost(
                                "/dashboard/team/invitations",
                                FormData.create().set("email", email).set("role", "owner")),
                        role);
                assertThat(count("SELECT count(*) FROM users WHERE email = ?", email))
                        .isZero();
                assertRefusedForRole(
                        forgedPost("/dashboard/team/" + owner.userId() + "/remove", FormData.create()), role);
                assertRefusedForRole(
                        forgedPost(
                                "/dashboard/team/" + member.userId() + "/role",
                                FormData.create().set("role", "owner")),
                        role);
                assertThat(count("SELECT count(*) FROM users WHERE public_id = ? AND role = ?", member.userId(), role))
                        .isEqualTo(1);
                assertThat(count(
                                "SELECT count(*) FROM users WHERE public_id = ? AND status = 'active'", owner.userId()))
                        .isEqualTo(1);
                assertThat(count(
                                "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action IN "
                                        + "('user.invited', 'user.removed', 'user.role_changed') AND actor = ?",
                                owner.merchantId(),
                                member.email()))
                        .isZero();
            } finally {
                theirs.close();
            }
        }
    }

    private String userId(String email) {
        return jdbc.queryForObject("SELECT public_id FROM users WHERE email = ?", String.class, email);
    }
}
