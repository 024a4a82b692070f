package ke.onpoint.pay.ledger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Account ids by account, opened on first use. An account is opened in a transaction of its own, so a posting that
 * rolls back never leaves a cached id without its row; an account with no entries is harmless.
 */
@Component
public class LedgerAccounts {

    private final Map<String, Long> ids = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public LedgerAccounts(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public long idOf(LedgerAccount account) {
        String code = account.code();
        Long id = ids.get(code);
        if (id == null) {
            id = jdbc.query("SELECT id FROM ledger_accounts WHERE code = ?", (rs, i) -> rs.getLong(1), code).stream()
                    .findFirst()
                    .orElseGet(() -> ownTransaction.execute(tx -> open(account)));
            ids.put(code, id);
        }
        return id;
    }

    private long open(LedgerAccount account) {
        AccountKind kind = account.kind();
        jdbc.update(
                """
                INSERT INTO ledger_accounts (code, kind, merchant_id, provider, mode, currency, normal_side, may_go_negative,
                    balance_slots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING""",
                account.code(),
                kind.code(),
                account.merchantId(),
                account.provider(),
                account.mode(),
                account.currency(),
                String.valueOf(kind.normalSide()),
                kind.mayGoNegative(),
                kind.balanceSlots());
        return jdbc.queryForObject("SELECT id FROM ledger_accounts WHERE code = ?", Long.class, account.code());
    }
}
