package ke.onpoint.pay.settlement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads settlements. */
@Repository
public class Settlements {

    private final JdbcTemplate jdbc;

    public Settlements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Settlement> byIds(Collection<Long> ids) {
        return jdbc.query(
                "SELECT * FROM settlements WHERE id = ANY (?::bigint[]) ORDER BY id",
                Settlements::map,
                ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")));
    }

    public Optional<Settlement> byReference(String reference) {
        return jdbc.query("SELECT * FROM settlements WHERE reference = ?", Settlements::map, reference).stream()
                .findFirst();
    }

    /** The settlement of a merchant for a day, in a mode and currency. */
    public Optional<Settlement> of(long merchantId, String mode, String currency, java.time.LocalDate day) {
        return jdbc
                .query(
                        "SELECT * FROM settlements WHERE merchant_id = ? AND mode = ? AND currency = ? AND settlement_date = ?",
                        Settlements::map,
                        merchantId,
                        mode,
                        currency,
                        java.sql.Date.valueOf(day))
                .stream()
                .findFirst();
    }

    static Settlement map(ResultSet rs, int row) throws SQLException {
        return new Settlement(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getLong("merchant_id"),
                rs.getString("mode"),
                rs.getString("currency"),
                rs.getDate("settlement_date").toLocalDate(),
                rs.getString("status"),
                rs.getString("hold_reason"),
                rs.getInt("line_count"),
                rs.getLong("gross_minor"),
                rs.getLong("fees_minor"),
                rs.getLong("refunds_minor"),
                rs.getLong("net_minor"),
                rs.getLong("released_minor"),
                rs.getObject("payout_minor", Long.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
