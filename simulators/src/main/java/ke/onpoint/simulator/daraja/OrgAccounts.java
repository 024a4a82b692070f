package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;

/**
 * The organisations' utility account balances, per shortcode: credited by C2B confirmations, debited by reversals,
 * so OrgAccountBalance and DebitAccountBalance move the way a reconciling client expects.
 */
@Component
@ConditionalOnDarajaSimulator
public class OrgAccounts {

    private final BigDecimal opening;
    private final ConcurrentMap<String, BigDecimal> balances = new ConcurrentHashMap<>();

    public OrgAccounts(DarajaAccountProperties properties) {
        this.opening = BigDecimal.valueOf(properties.openingBalance()).setScale(2, RoundingMode.UNNECESSARY);
    }

    /** The balance after the credit (a negative amount debits). */
    BigDecimal credit(String shortCode, long amount) {
        return balances.merge(
                shortCode,
                opening.add(BigDecimal.valueOf(amount)),
                (current, ignored) -> current.add(BigDecimal.valueOf(amount)));
    }

    BigDecimal debit(String shortCode, long amount) {
        return credit(shortCode, -amount);
    }

    BigDecimal balance(String shortCode) {
        return balances.getOrDefault(shortCode, opening);
    }

    /** Daraja's amount strings: two decimals, no grouping, e.g. {@code 49197.00}. */
    static String format(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
