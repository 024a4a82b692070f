package ke.onpoint.pay.merchant;

import ke.onpoint.pay.api.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;

/** A merchant named by its public id in an admin path (admins act on any merchant). */
final class MerchantIds {

    private MerchantIds() {}

    /** The merchant's id; 404 when there is none. */
    static long byPublicId(JdbcTemplate jdbc, String publicId) {
        return jdbc.queryForList("SELECT id FROM merchants WHERE public_id = ?", Long.class, publicId).stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("No merchant " + publicId));
    }
}
