package ke.onpoint.simulator.paystack;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.ReconOverrides;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/**
 * What the simulated Paystack reports about its own books (§2.8): the transaction listing and the settlements, built
 * from its transactions with the reconciliation discrepancies a test planted ({@link ReconOverrides}: a dropped
 * record, another amount or status). A settlement is one per Kenyan (EAT) day and currency of the successful
 * transactions paid that day, {@code total_amount = total_processed - total_fees}, fees as the transactions' own
 * (2.9 % card, 1.5 % M-Pesa), paid out the next day.
 */
@Component("paystackSimReports")
@ConditionalOnPaystackSimulator
public class PaystackReports {

    static final ZoneId EAT = ZoneId.of("Africa/Nairobi");
    private static final List<String> CURRENCIES = List.of("KES", "USD", "NGN", "GHS", "ZAR");

    /** One day's settlement of one currency. */
    record Settlement(
            long id,
            LocalDate day,
            String currency,
            List<PaystackTransaction> transactions,
            long processed,
            long fees) {}

    private final PaystackTransactions ledger;
    private final ReconOverrides overrides = new ReconOverrides();

    public PaystackReports(PaystackTransactions ledger) {
        this.ledger = ledger;
    }

    ReconOverrides overrides() {
        return overrides;
    }

    /** The transactions the provider's books hold, newest first. */
    List<PaystackTransaction> listed() {
        return ledger.all().stream()
                .filter(t -> !overrides.dropped(t.reference()))
                .sorted(Comparator.comparing(PaystackTransaction::createdAt)
                        .thenComparing(PaystackTransaction::id)
                        .reversed())
                .toList();
    }

    String status(PaystackTransaction transaction) {
        return overrides.status(transaction.reference()).orElseGet(transaction::status);
    }

    long amount(PaystackTransaction transaction) {
        return overrides
                .amount(transaction.reference())
                .map(BigDecimal::longValue)
                .orElseGet(transaction::amount);
    }

    /** The verify object as the books say it: planted amount (and its fee) and status. */
    ObjectNode render(PaystackTransaction transaction) {
        ObjectNode json = transaction.toJson();
        long amount = amount(transaction);
        json.put("amount", amount).put("status", status(transaction));
        if (transaction.paidAt() != null) {
            json.put("fees", PaystackTransaction.fee(transaction.channel(), amount));
        }
        return json;
    }

    /** Newest first. */
    List<Settlement> settlements() {
        Map<String, List<PaystackTransaction>> byDay = listed().stream()
                .filter(t -> PaystackTransaction.SUCCESS.equals(status(t)) && t.paidAt() != null)
                .collect(Collectors.groupingBy(
                        t -> LocalDate.ofInstant(t.paidAt(), EAT) + "/" + t.currency(),
                        TreeMap::new,
                        Collectors.toList()));
        return byDay.values().stream()
                .map(this::settlement)
                .sorted(Comparator.comparing(Settlement::day)
                        .thenComparing(Settlement::id)
                        .reversed())
                .toList();
    }

    Optional<Settlement> settlement(long id) {
        return settlements().stream().filter(s -> s.id() == id).findFirst();
    }

    /** GET /settlement's item. Amounts in subunits; deductions null, as in every doc sample. */
    ObjectNode settlementJson(Settlement settlement, Instant now) {
        Instant settledAt =
                settlement.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean paid = !settledAt.isAfter(now);
        long total = settlement.processed() - settlement.fees();
        return SimulatorJson.object()
                .put("id", settlement.id())
                .put("domain", "test")
                .put("status", paid ? "success" : "pending")
                .put("currency", settlement.currency())
                .put("integration", PaystackRecipient.INTEGRATION)
                .put("total_amount", total)
                .put("effective_amount", total)
                .put("total_fees", settlement.fees())
                .put("total_processed", settlement.processed())
                .putNull("deductions")
                .put("settlement_date", PaystackJson.time(settledAt))
                .putNull("settled_by")
                .put("createdAt", PaystackJson.time(settledAt))
                .put("updatedAt", PaystackJson.time(settledAt));
    }

    private Settlement settlement(List<PaystackTransaction> transactions) {
        PaystackTransaction first = transactions.get(0);
        LocalDate day = LocalDate.ofInstant(first.paidAt(), EAT);
        long processed = transactions.stream().mapToLong(this::amount).sum();
        long fees = transactions.stream()
                .mapToLong(t -> PaystackTransaction.fee(t.channel(), amount(t)))
                .sum();
        // Stable across calls: the day and the currency make the id.
        long id = day.toEpochDay() * 10 + Math.max(0, CURRENCIES.indexOf(first.currency()));
        return new Settlement(id, day, first.currency(), transactions, processed, fees);
    }
}
