package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.MerchantUsers;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The callback review service the operator console resolves callbacks through (there is no admin JSON API for it):
 * callbacks arrive over HTTP as providers send them; resolving needs a note, happens once, only for unmatched or held
 * callbacks, and is audited in its transaction.
 */
class CallbackReviewsIT extends GatewayTest {

    private static final String TOKEN = "dev-callback-token";

    @Autowired
    private CallbackReviews reviews;

    @Autowired
    private ApplicationContext context;

    @Test
    void anUnmatchedCallbackIsResolvedOnceWithANoteAndLeavesTheQueue() {
        MerchantPrincipal admin = adminPrincipal();
        String first = unmatched();
        String second = unmatched();

        Map<String, Object> page = reviews.page("awaiting", "mpesa", "1", null);
        assertThat(ids(page)).containsExactly(second);
        assertThat(page.get("has_more")).isEqualTo(true);
        assertThat(ids(reviews.page("awaiting", "mpesa", "1", (String) page.get("next_cursor"))))
                .containsExactly(first);
        Map<String, Object> shown = reviews.get(first);
        assertThat((String) shown.get("payload")).contains(correlation(first));
        assertThat(shown.get("payment")).isNull();
        long awaiting = reviews.awaiting();

        assertProblem(() -> reviews.resolve(admin, first, note(null)), 422, "note");
        assertProblem(() -> reviews.resolve(admin, first, note("   ")), 422, "note");
        assertProblem(() -> reviews.resolve(admin, first, note("x".repeat(1001))), 422, "note");
        assertProblem(() -> reviews.resolve(admin, first, note("bad \0 byte")), 422, "note");
        assertThat(count("SELECT count(*) FROM provider_callbacks WHERE id = ? AND resolved_at IS NULL", row(first)))
                .isEqualTo(1);

        Map<String, Object> resolved = reviews.resolve(admin, first, note("  Duplicate of a push we expired  "));
        assertThat(resolved.get("resolution_note")).isEqualTo("Duplicate of a push we expired");
        assertThat(resolved.get("resolved_by")).isEqualTo(admin.userEmail());
        assertThat(reviews.awaiting()).isEqualTo(awaiting - 1);
        assertThat(ids(reviews.page("awaiting", "mpesa", "100", null))).doesNotContain(first);
        assertThat(ids(reviews.page("resolved", "mpesa", "100", null))).contains(first);

        assertProblem(() -> reviews.resolve(admin, first, note("again")), 409, null);
        assertThat(jdbc.queryForObject(
                        "SELECT resolution_note FROM provider_callbacks WHERE id = ?", String.class, row(first)))
                .isEqualTo("Duplicate of a push we expired");
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'provider_callback.resolved' AND target = ?"
                                + " AND actor = ? AND after->>'note' = 'Duplicate of a push we expired'",
                        first,
                        admin.userEmail()))
                .isEqualTo(1);
    }

    @Test
    void unknownIdsRefusedCallbacksAndBadFiltersAreProblemsNotChanges() {
        MerchantPrincipal admin = adminPrincipal();
        assertProblem(() -> reviews.resolve(admin, "cb_999999999999", note("x")), 404, null);
        assertProblem(() -> reviews.resolve(admin, "42", note("x")), 404, null);
        assertProblem(() -> reviews.get("cb_-3"), 404, null);
        assertProblem(() -> reviews.get("cb_x"), 404, null);
        assertProblem(() -> reviews.page("everything", null, null, null), 422, "status");
        assertProblem(() -> reviews.page(null, null, "0", null), 422, "limit");
        assertProblem(() -> reviews.page(null, null, null, "later"), 422, "cursor");

        // a callback with the wrong token is refused and kept, but is nobody's to resolve
        String marker = "ws_CO_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(post("/api/v1/payments/mpesa/callback/not-the-token", null, stkCallback(marker, 0), Map.of())
                        .status())
                .isEqualTo(401);
        long refused = jdbc.queryForObject(
                "SELECT id FROM provider_callbacks WHERE outcome = 'rejected' AND payload LIKE ?",
                Long.class,
                "%" + marker + "%");
        assertThat(ids(reviews.page("rejected", "mpesa", "100", null))).contains("cb_" + refused);
        assertProblem(() -> reviews.resolve(admin, "cb_" + refused, note("spam")), 409, null);
        assertThat(count("SELECT count(*) FROM provider_callbacks WHERE id = ? AND resolved_at IS NULL", refused))
                .isEqualTo(1);
    }

    /**
     * An STK callback for a push we never started: kept as unmatched. Returns its review id. A cancellation (1032), not
     * a success: a success for KES 100 from the test phone would be matched to any other test's unconfirmed push.
     */
    private String unmatched() {
        String checkout = "ws_CO_" + UUID.randomUUID().toString().replace("-", "");
        Reply reply = post("/api/v1/payments/mpesa/callback/" + TOKEN, null, stkCallback(checkout, 1032), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return "cb_"
                + jdbc.queryForObject(
                        "SELECT id FROM provider_callbacks WHERE correlation_id = ? AND outcome = 'unmatched'",
                        Long.class,
                        checkout);
    }

    private String correlation(String id) {
        return jdbc.queryForObject("SELECT correlation_id FROM provider_callbacks WHERE id = ?", String.class, row(id));
    }

    private static long row(String id) {
        return Long.parseLong(id.substring(3));
    }

    private MerchantPrincipal adminPrincipal() {
        Session admin = admin(context);
        return context.getBean(MerchantUsers.class)
                .principal(admin.userId(), "test")
                .orElseThrow()
                .from("127.0.0.1", "test-" + UUID.randomUUID());
    }

    private static JsonNode note(String note) {
        var body = JsonNodeFactory.instance.objectNode();
        if (note != null) {
            body.put("note", note);
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("data"))
                .stream().map(row -> (String) row.get("id")).toList();
    }

    private static void assertProblem(Runnable call, int status, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).as(problem.getMessage()).isEqualTo(status);
            if (field != null) {
                assertThat(problem.errors()).extracting(e -> e.field()).contains(field);
            }
        });
    }
}
