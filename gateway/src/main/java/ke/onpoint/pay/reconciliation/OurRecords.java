package ke.onpoint.pay.reconciliation;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gateway's side of a reconciliation: completed payments, processed refunds and reversals, paid payouts of one
 * provider and of the modes its account carries, read for a day or by the references a provider's records name.
 */
@Component
class OurRecords {

    private static final String MOVED_PAYMENT = "('completed', 'partially_refunded', 'refunded')";

    private static final String PAYMENTS = """
            SELECT reference, COALESCE(provider_receipt, provider_transaction_id), merchant_id, amount_minor, currency,
                   status, COALESCE(paid_at, completed_at), provider_receipt, provider_transaction_id
            FROM payments WHERE provider = ? AND mode = ANY (?)""";

    private static final String REFUNDS = """
            SELECT r.reference, r.provider_refund_id, r.merchant_id, r.amount_minor, r.currency, r.status,
                   r.processed_at, p.provider_receipt, p.provider_transaction_id
            FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.provider = ? AND p.mode = ANY (?)""";

    private static final String PAYOUTS = """
            SELECT reference, provider_receipt, merchant_id, amount_minor, currency, status, completed_at,
                   provider_reference, NULL
            FROM payouts WHERE provider = ? AND mode = ANY (?)""";

    private final JdbcTemplate jdbc;

    OurRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records whose money moved on the day, of the kinds the provider lists. */
    List<OurRecord> ofDay(String provider, List<String> modes, Set<RecordKind> kinds, EastAfricaDay day) {
        List<OurRecord> records = new ArrayList<>();
        Timestamp start = Timestamp.from(day.start());
        Timestamp end = Timestamp.from(day.end());
        // completed_at is indexed; paid_at (the provider's time) may be a little earlier
        Timestamp widerStart = Timestamp.from(day.start().minusSeconds(86_400));
        if (kinds.contains(RecordKind.COLLECTION)) {
            records.addAll(query(
                    RecordKind.COLLECTION,
                    PAYMENTS + " AND status IN " + MOVED_PAYMENT + " AND completed_at >= ? AND completed_at < ?"
                            + " AND COALESCE(paid_at, completed_at) >= ? AND COALESCE(paid_at, completed_at) < ?",
                    provider,
                    modes,
                    widerStart,
                    end,
                    start,
                    end));
        }
        if (kinds.contains(RecordKind.REFUND)) {
            records.addAll(query(
                    RecordKind.REFUND,
                    REFUNDS + " AND r.status = 'processed' AND r.processed_at >= ? AND r.processed_at < ?",
                    provider,
                    modes,
                    start,
                    end));
        }
        if (kinds.contains(RecordKind.PAYOUT)) {
            records.addAll(query(
                    RecordKind.PAYOUT,
                    PAYOUTS + " AND status = 'paid' AND completed_at >= ? AND completed_at < ?",
                    provider,
                    modes,
                    start,
                    end));
        }
        return records;
    }

    /** Our records (any day, any status) that one of these references names, by each of their keys. */
    Map<String, List<OurRecord>> byKeys(String provider, List<String> modes, Collection<ProviderRecord> theirs) {
        String[] keys =
                theirs.stream().flatMap(r -> r.keys().stream()).distinct().toArray(String[]::new);
        Map<String, List<OurRecord>> byKey = new HashMap<>();
        if (keys.length == 0) {
            return byKey;
        }
        List<OurRecord> found = new ArrayList<>();
        found.addAll(query(
                RecordKind.COLLECTION,
                PAYMENTS
                        + " AND (reference = ANY (?) OR provider_receipt = ANY (?) OR provider_transaction_id = ANY (?))",
                provider,
                modes,
                keys,
                keys,
                keys));
        found.addAll(query(
                RecordKind.REFUND,
                REFUNDS
                        + " AND (r.reference = ANY (?) OR r.provider_refund_id = ANY (?) OR p.provider_receipt = ANY (?))",
                provider,
                modes,
                keys,
                keys,
                keys));
        found.addAll(query(
                RecordKind.PAYOUT,
                PAYOUTS + " AND (reference = ANY (?) OR provider_receipt = ANY (?) OR provider_reference = ANY (?))",
                provider,
                modes,
                keys,
                keys,
                keys));
        for (OurRecord record : found) {
            for (String key : record.keys()) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            }
        }
        return byKey;
    }

    private List<OurRecord> query(RecordKind kind, String sql, String provider, List<String> modes, Object... rest) {
        return jdbc.query(
                connection -> {
                    var statement = connection.prepareStatement(sql);
                    statement.setString(1, provider);
                    statement.setArray(2, connection.createArrayOf("varchar", modes.toArray()));
                    for (int i = 0; i < rest.length; i++) {
                        Object value = rest[i];
                        if (value instanceof String[] array) {
                            Array sqlArray = connection.createArrayOf("varchar", array);
                            statement.setArray(i + 3, sqlArray);
                        } else {
                            statement.setObject(i + 3, value);
                        }
                    }
                    return statement;
                },
                (rs, i) -> record(kind, rs));
    }

    private static OurRecord record(RecordKind kind, ResultSet rs) throws SQLException {
        String status = rs.getString(6);
        Timestamp at = rs.getTimestamp(7);
        List<String> keys = Stream.of(rs.getString(1), rs.getString(2), rs.getString(8), rs.getString(9))
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        boolean moved = switch (kind) {
            case COLLECTION ->
                List.of("completed", "partially_refunded", "refunded").contains(status);
            case REFUND -> "processed".equals(status);
            case PAYOUT -> "paid".equals(status);
        };
        return new OurRecord(
                kind,
                rs.getString(1),
                rs.getString(2),
                keys,
                rs.getObject(3) == null ? null : rs.getLong(3),
                rs.getLong(4),
                rs.getString(5),
                status,
                moved,
                at == null ? null : at.toInstant());
    }
}
