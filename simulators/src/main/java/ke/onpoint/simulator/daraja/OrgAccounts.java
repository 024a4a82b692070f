package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/**
 * The organisations' M-Pesa accounts, per shortcode (the float model of reference §0 item 12): the Utility account, credited by C2B
 * confirmations and B2B payments received, debited by reversals and B2C payouts; the Working (MMF) account that B2B
 * payments are paid from; and Charges Paid, which goes negative by each payout's charge. So OrgAccountBalance,
 * DebitAccountBalance, the B2C Result's funds and Account Balance all move the way a reconciling client expects.
 */
@Component
@ConditionalOnDarajaSimulator
public class OrgAccounts {

    /** The account a payout is paid from. */
    enum Source {
        UTILITY,
        WORKING
    }

    /** One shortcode's accounts in KES (two decimals). */
    record Balances(BigDecimal utility, BigDecimal working, BigDecimal chargesPaid) {

        Balances plusUtility(BigDecimal amount) {
            return new Balances(utility.add(amount), working, chargesPaid);
        }

        BigDecimal of(Source source) {
            return source == Source.UTILITY ? utility : working;
        }

        ObjectNode toJson() {
            return SimulatorJson.object()
                    .put("utility", utility)
                    .put("working", working)
                    .put("charges_paid", chargesPaid);
        }
    }

    private final Balances opening;
    private final ConcurrentMap<String, Balances> balances = new ConcurrentHashMap<>();

    public OrgAccounts(DarajaAccountProperties properties) {
        this.opening = new Balances(kes(properties.openingBalance()), kes(properties.openingWorkingBalance()), kes(0));
    }

    /** The Utility balance after the credit (a negative amount debits). */
    BigDecimal credit(String shortCode, long amount) {
        return balances.merge(
                        shortCode,
                        opening.plusUtility(BigDecimal.valueOf(amount)),
                        (current, ignored) -> current.plusUtility(BigDecimal.valueOf(amount)))
                .utility();
    }

    BigDecimal debit(String shortCode, long amount) {
        return credit(shortCode, -amount);
    }

    /** The Utility balance. */
    BigDecimal balance(String shortCode) {
        return balances(shortCode).utility();
    }

    Balances balances(String shortCode) {
        return balances.getOrDefault(shortCode, opening);
    }

    /** Sets a shortcode's accounts (the control API's float). */
    void set(String shortCode, Balances set) {
        balances.put(shortCode, set);
    }

    /**
     * Pays {@code amount} out of the source account and {@code charge} into Charges Paid, atomically, when the source
     * holds at least the amount: the balances after, or empty (and nothing moved) when the float is too small.
     */
    Optional<Balances> payOut(String shortCode, Source source, long amount, long charge) {
        AtomicReference<Balances> after = new AtomicReference<>();
        balances.compute(shortCode, (code, current) -> {
            Balances now = current == null ? opening : current;
            if (now.of(source).compareTo(BigDecimal.valueOf(amount)) < 0) {
                return current;
            }
            BigDecimal debit = BigDecimal.valueOf(amount);
            Balances paid = new Balances(
                    source == Source.UTILITY ? now.utility().subtract(debit) : now.utility(),
                    source == Source.WORKING ? now.working().subtract(debit) : now.working(),
                    now.chargesPaid().subtract(BigDecimal.valueOf(charge)));
            after.set(paid);
            return paid;
        });
        return Optional.ofNullable(after.get());
    }

    /** Daraja's amount strings: two decimals, no grouping, e.g. {@code 49197.00}. */
    static String format(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static BigDecimal kes(long amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.UNNECESSARY);
    }
}
