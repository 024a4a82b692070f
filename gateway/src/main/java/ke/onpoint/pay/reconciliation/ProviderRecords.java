package ke.onpoint.pay.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The port every provider implements for reconciliation: its own records of a time window, read from its API or
 * from a statement it exported. The core compares them with the gateway's records; it knows no provider.
 */
public interface ProviderRecords {

    /** The provider's name as payments, refunds and payouts store it ({@code paystack}, {@code mpesa}, …). */
    String provider();

    /**
     * The modes of ours whose money reaches this provider account: live only where it moves real money, both where
     * test and live share one account (the simulators).
     */
    List<String> modes();

    /** The kinds of record the provider lists: ours of another kind are never called missing there. */
    Set<RecordKind> lists();

    /** Its records that happened in {@code [from, to)}, every page of them; throws when they cannot be read. */
    List<ProviderRecord> records(Instant from, Instant to);

    /** Runs on the daily schedule (an API to ask); false when it runs on an operator's upload (a statement). */
    default boolean scheduled() {
        return true;
    }

    /** What the provider settled for the day, where it reports that; empty when it does not or cannot say. */
    default Optional<SettlementFigures> settlements(LocalDate day) {
        return Optional.empty();
    }

    /** Asks for the provider's balance of our account; the answer may come later ({@code ReconciliationReports#recordProviderBalance}). */
    default void requestBalance(long reportId) {}
}
