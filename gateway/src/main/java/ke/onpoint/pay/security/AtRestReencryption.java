package ke.onpoint.pay.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.security.EncryptedColumns.Table;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code re-encrypt} command: every encrypted column is brought under the current master key (plaintext written
 * before encryption existed, and values under previous keys), with the phone's look-up hash and last four digits
 * recomputed (rows written before the digits were kept, V20, get them here). Runs in
 * batches of rows, each batch its own transaction, so it can run beside the live gateway and be re-run after an
 * interruption; when it reports nothing left, the previous key can leave ONPOINT_PREVIOUS_MASTER_KEYS. The tables
 * are those the features declare ({@link EncryptedColumns}).
 */
@Component
public class AtRestReencryption {

    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final FieldCipher cipher;
    private final TransactionTemplate transactions;
    private final List<EncryptedColumns> owners;

    public AtRestReencryption(
            JdbcTemplate jdbc, FieldCipher cipher, TransactionTemplate transactions, List<EncryptedColumns> owners) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.transactions = transactions;
        this.owners = owners;
    }

    public record Report(String keyId, long rows, long values, long alreadyCurrent) {}

    public Report run() {
        long rows = 0;
        long values = 0;
        long current = 0;
        for (EncryptedColumns owner : owners) {
            Table table = owner.encryptedColumns();
            List<String> columns = new ArrayList<>(table.columns().keySet());
            String currentPattern = "v1:" + cipher.currentKeyId() + ":%";
            String stale = String.join(
                    " OR ",
                    columns.stream()
                            .map(c -> "(" + c + " IS NOT NULL AND " + c + " NOT LIKE ?)")
                            .toList());
            String selected = String.join(", ", columns);
            if (table.phoneColumn() != null) {
                // rows from before the last digits were kept get them (their phone may be current already)
                stale += " OR (" + table.phoneColumn() + " IS NOT NULL AND phone_last4 IS NULL)";
                selected += ", phone_last4";
            }
            for (String column : columns) {
                current +=
                        count("SELECT count(*) FROM " + table.name() + " WHERE " + column + " LIKE ?", currentPattern);
            }
            long afterId = 0;
            while (true) {
                List<Object> args = new ArrayList<>();
                columns.forEach(c -> args.add(currentPattern));
                args.add(afterId);
                List<Map<String, Object>> batch = jdbc.queryForList(
                        "SELECT id, " + selected + " FROM " + table.name() + " WHERE (" + stale
                                + ") AND id > ? ORDER BY id LIMIT " + BATCH,
                        args.toArray());
                if (batch.isEmpty()) {
                    break;
                }
                long[] changed = {0};
                transactions.executeWithoutResult(
                        tx -> batch.forEach(row -> changed[0] += reencrypt(table, columns, row)));
                rows += batch.size();
                values += changed[0];
                afterId = ((Number) batch.get(batch.size() - 1).get("id")).longValue();
            }
        }
        return new Report(cipher.currentKeyId(), rows, values, current);
    }

    private long reencrypt(Table table, List<String> columns, Map<String, Object> row) {
        List<String> sets = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (String column : columns) {
            String stored = (String) row.get(column);
            if (stored == null || !cipher.stale(stored)) {
                continue;
            }
            String field = table.columns().get(column);
            String plain = cipher.decrypt(field, stored);
            sets.add(column + " = ?");
            args.add(cipher.encrypt(field, plain));
            if (column.equals(table.phoneColumn())) {
                sets.add("phone_hash = ?");
                args.add(cipher.lookupHash(plain));
            }
        }
        String phone = table.phoneColumn() == null ? null : (String) row.get(table.phoneColumn());
        if (phone != null && row.get("phone_last4") == null) {
            sets.add("phone_last4 = ?");
            args.add(EncryptedColumns.lastFour(cipher.decrypt(table.columns().get(table.phoneColumn()), phone)));
        }
        if (sets.isEmpty()) {
            return 0;
        }
        args.add(row.get("id"));
        jdbc.update("UPDATE " + table.name() + " SET " + String.join(", ", sets) + " WHERE id = ?", args.toArray());
        return sets.stream()
                .filter(s -> !s.startsWith("phone_hash") && !s.startsWith("phone_last4"))
                .count();
    }

    private long count(String sql, String pattern) {
        Long n = jdbc.queryForObject(sql, Long.class, pattern);
        return n == null ? 0 : n;
    }
}
