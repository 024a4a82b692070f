package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's merchant search: name or email in any case, a whole public id, wildcards typed taken literally. */
class MerchantDirectoryIT extends GatewayTest {

    @Autowired
    private MerchantDirectory directory;

    @Test
    void searchesByNameEmailOrIdLiterallyNewestFirstAndPagesByCursor() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        var percent = merchants.register("Mama 100% Organic " + unique, "mama-" + unique + "@farm.test", null);
        var plain = merchants.register("Mama 1000 Organic " + unique, "mama1000-" + unique + "@farm.test", null);
        var underscore = merchants.register("Duka_" + unique, "duka-" + unique + "@farm.test", null);

        assertThat(ids(directory.search("100% ORGANIC " + unique, null, null))).containsExactly(percent.publicId());
        assertThat(ids(directory.search("MAMA1000-" + unique.toUpperCase(), null, null)))
                .containsExactly(plain.publicId());
        assertThat(ids(directory.search("duka_" + unique, null, null))).containsExactly(underscore.publicId());
        assertThat(ids(directory.search("dukaX" + unique, null, null))).isEmpty();
        assertThat(ids(directory.search("  " + underscore.publicId() + " ", null, null)))
                .containsExactly(underscore.publicId());

        Map<String, Object> first = directory.search(unique, "2", null);
        assertThat(ids(first)).containsExactly(underscore.publicId(), plain.publicId());
        assertThat(first.get("has_more")).isEqualTo(true);
        Map<String, Object> second = directory.search(unique, "2", (String) first.get("next_cursor"));
        assertThat(ids(second)).containsExactly(percent.publicId());
        assertThat(second.get("has_more")).isEqualTo(false);

        Map<String, Object> shown = directory.get(percent.publicId());
        assertThat(shown)
                .containsEntry("kyc_status", "not_submitted")
                .containsEntry("payouts_paused", false)
                .containsEntry("own_limits", false)
                .containsEntry("own_pricing", false);
    }

    @Test
    void badQueriesAreProblemsNamingTheField() {
        assertProblem(() -> directory.search("x".repeat(201), null, null), 422, "q");
        assertProblem(() -> directory.search("a\0b", null, null), 422, "q");
        assertProblem(() -> directory.search("a", "101", null), 422, "limit");
        assertProblem(() -> directory.search("a", null, "next"), 422, "cursor");
        assertProblem(() -> directory.get("mch_nobody"), 404, null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("data"))
                .stream().map(row -> (String) row.get("id")).toList();
    }

    private static void assertProblem(Runnable call, int status, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(status);
            if (field != null) {
                assertThat(problem.errors()).extracting(e -> e.field()).contains(field);
            }
        });
    }
}
