package ke.onpoint.pay.reconciliation;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.ledger.Ledger;
import ke.onpoint.pay.ledger.LedgerAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs a provider's reconciliation for one East Africa day: reads the provider's records of the day and one day either
 * side (outside any transaction: they come over HTTP), the gateway's, matches them and writes the report and its
 * review items in one transaction. Running a day again is safe: the same report, no duplicate item.
 */
@Service
public class Reconciliations {

    public static final String METRIC = "onpoint.reconciliation.mismatches";
    private static final Logger log = LoggerFactory.getLogger(Reconciliations.class);
    static final String REPORT_CURRENCY = "KES";

    private final Map<String, ProviderRecords> providers = new java.util.LinkedHashMap<>();
    private final OurRecords ours;
    private final ReconciliationStore store;
    private final Ledger ledger;
    private final MeterRegistry meters;

    public Reconciliations(
            List<ProviderRecords> providers,
            OurRecords ours,
            ReconciliationStore store,
            Ledger ledger,
            MeterRegistry meters) {
        providers.forEach(p -> this.providers.put(p.provider(), p));
        this.ours = ours;
        this.store = store;
        this.ledger = ledger;
        this.meters = meters;
    }

    /** The providers reconciled on the daily schedule. */
    public List<String> scheduled() {
        return providers.values().stream()
                .filter(ProviderRecords::scheduled)
                .map(ProviderRecords::provider)
                .toList();
    }

    public List<String> providers() {
        return List.copyOf(providers.keySet());
    }

    /** A run's answer: the report's id, and whether the provider's records could be read. */
    public record Run(long reportId, boolean done, String error) {}

    /** Runs the day; a provider that cannot be read leaves the report {@code failed} with the reason. */
    public Run run(String provider, LocalDate date, String triggeredBy) {
        ProviderRecords records = providers.get(provider);
        if (records == null) {
            throw ApiProblem.invalidField("provider", "must be one of " + providers.keySet());
        }
        EastAfricaDay day = new EastAfricaDay(date);
        long reportId = store.start(provider, date, records.modes(), triggeredBy);
        List<ProviderRecord> theirs;
        Optional<SettlementFigures> settlements;
        try {
            theirs = records.records(day.start().minusSeconds(86_400), day.end().plusSeconds(86_400));
            settlements = records.settlements(date);
        } catch (RuntimeException e) {
            String error = provider + " records could not be read: " + e.getMessage();
            log.warn("Reconciliation of {} for {} failed: {}", provider, date, error);
            store.failed(reportId, error);
            return new Run(reportId, false, error);
        }
        List<OurRecord> oursOfDay = ours.ofDay(provider, records.modes(), records.lists(), day);
        List<ProviderRecord> theirsOfDay =
                theirs.stream().filter(r -> day.contains(r.occurredAt())).toList();
        List<Finding> findings =
                Matcher.match(day, theirs, oursOfDay, ours.byKeys(provider, records.modes(), theirsOfDay));
        long clearing = records.modes().stream()
                .mapToLong(mode -> ledger.balance(LedgerAccount.clearing(provider, mode, REPORT_CURRENCY)))
                .sum();
        List<Finding> created = store.finish(
                reportId,
                provider,
                new ReconciliationStore.Outcome(findings, theirsOfDay.size(), oursOfDay.size(), clearing, settlements));
        for (Finding finding : created) {
            meters.counter(
                            METRIC,
                            "provider",
                            provider,
                            "kind",
                            finding.reconciliationClass().code())
                    .increment();
        }
        if (!created.isEmpty()) {
            log.warn("Reconciliation of {} for {}: {} new mismatches to review", provider, date, created.size());
        }
        try {
            records.requestBalance(reportId);
        } catch (RuntimeException e) {
            log.warn("{} balance not requested: {}", provider, e.getMessage());
        }
        return new Run(reportId, true, null);
    }
}
