package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/**
 * Owners change their users' roles ({@code PATCH /merchants/me/users/{id}}): the new role decides the user's very next
 * call, every change is audited, and a merchant always keeps an active owner, also when two owners demote each other
 * at once.
 */
class TeamRolesIT extends GatewayTest {

    private static final String USERS = "/api/v1/merchants/me/users/";

    @Test
    void aPromotedViewerManagesKeysAtOnceAndADemotedDeveloperNoLonger() {
        Session owner = register();
        Session viewer = member(owner, "viewer");
        String keys = "/api/v1/merchants/me/api-keys";
        String newKey = "{\"name\":\"ci\",\"mode\":\"test\",\"scopes\":[\"payments:read\"]}";
        assertProblem(call("POST", keys, viewer.access(), newKey), 403, null);

        Reply promoted = call("PATCH", USERS + viewer.userId(), owner.access(), "{\"role\":\"developer\"}");

        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().path("role").asText()).isEqualTo("developer");
        assertThat(promoted.json().path("email").asText()).isEqualTo(viewer.email());
        assertThat(promoted.json().path("status").asText()).isEqualTo("active");
        // the same access token: the role is read at the call, not baked into the token
        assertThat(call("POST", keys, viewer.access(), newKey).status()).isEqualTo(201);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'user.role_changed' "
                                + "AND target = ? AND actor = ? AND before->>'role' = 'viewer' "
                                + "AND after->>'role' = 'developer'",
                        owner.merchantId(),
                        viewer.userId(),
                        owner.email()))
                .isEqualTo(1);

        assertThat(call("PATCH", USERS + viewer.userId(), owner.access(), "{\"role\":\"viewer\"}")
                        .status())
                .isEqualTo(200);
        assertProblem(call("POST", keys, viewer.access(), newKey), 403, null);

        // the same role again: answered, nothing audited
        assertThat(call("PATCH", USERS + viewer.userId(), owner.access(), "{\"role\":\"viewer\"}")
                        .status())
                .isEqualTo(200);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'user.role_changed'",
                        owner.merchantId()))
                .isEqualTo(2);
    }

    @Test
    void aNewOwnerLetsTheFirstStepDownButTheLastOwnerStays() {
        Session owner = register();
        assertProblem(call("PATCH", USERS + owner.userId(), owner.access(), "{\"role\":\"developer\"}"), 409, "role");

        Session second = member(owner, "developer");
        assertThat(call("PATCH", USERS + second.userId(), owner.access(), "{\"role\":\"owner\"}")
                        .status())
                .isEqualTo(200);
        Reply steppedDown = call("PATCH", USERS + owner.userId(), owner.access(), "{\"role\":\"viewer\"}");
        assertThat(steppedDown.status()).as(steppedDown.body()).isEqualTo(200);
        // now a viewer: no more team changes
        assertProblem(call("PATCH", USERS + second.userId(), owner.access(), "{\"role\":\"viewer\"}"), 403, null);
        assertProblem(call("PATCH", USERS + second.userId(), second.access(), "{\"role\":\"viewer\"}"), 409, "role");
        assertThat(roles(owner.merchantId())).containsExactly("viewer", "owner");
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() {
        for (int round = 0; round < 5; round++) {
            Session first = register();
            Session second = member(first, "owner");
            CompletableFuture<Reply> a = CompletableFuture.supplyAsync(
                    () -> call("PATCH", USERS + second.userId(), first.access(), "{\"role\":\"viewer\"}"));
            CompletableFuture<Reply> b = CompletableFuture.supplyAsync(
                    () -> call("PATCH", USERS + first.userId(), second.access(), "{\"role\":\"viewer\"}"));
            List<Integer> statuses = List.of(a.join().status(), b.join().status()).stream()
                    .sorted()
                    .toList();

            // one wins; the loser is refused as last owner (409) or, demoted first, no longer an owner (403)
            assertThat(statuses.get(0)).isEqualTo(200);
            assertThat(statuses.get(1)).isIn(403, 409);
            assertThat(roles(first.merchantId())).containsExactlyInAnyOrder("owner", "viewer");
        }
    }

    @Test
    void badRolesUnknownUsersAndOtherMerchantsUsersAreRefusedAndChangeNothing() {
        Session owner = register();
        Session developer = member(owner, "developer");
        Session stranger = register();
        String path = USERS + developer.userId();

        assertProblem(call("PATCH", path, owner.access(), "{\"role\":\"admin\"}"), 422, "role");
        assertProblem(call("PATCH", path, owner.access(), "{\"role\":\"superuser\"}"), 422, "role");
        assertProblem(call("PATCH", path, owner.access(), "{\"role\":7}"), 422, "role");
        assertProblem(call("PATCH", path, owner.access(), "{}"), 422, "role");
        assertProblem(call("PATCH", path, owner.access(), "{\"role\":"), 400, null);
        assertProblem(call("PATCH", USERS + "usr_nobody", owner.access(), "{\"role\":\"viewer\"}"), 404, null);
        assertProblem(call("PATCH", path, stranger.access(), "{\"role\":\"viewer\"}"), 404, null);
        assertProblem(call("PATCH", path, developer.access(), "{\"role\":\"owner\"}"), 403, null);
        assertProblem(call("PATCH", path, null, "{\"role\":\"viewer\"}"), 401, null);

        assertThat(roles(owner.merchantId())).containsExactly("owner", "developer");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'user.role_changed' AND merchant_id IN (?, ?)",
                        owner.merchantId(),
                        stranger.merchantId()))
                .isZero();
    }

    /** The merchant's active users' roles, oldest user first. */
    private List<String> roles(long merchantId) {
        return jdbc.queryForList(
                "SELECT role FROM users WHERE merchant_id = ? AND status = 'active' ORDER BY id",
                String.class,
                merchantId);
    }
}
