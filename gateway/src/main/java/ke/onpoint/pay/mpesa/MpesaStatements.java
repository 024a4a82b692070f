package ke.onpoint.pay.mpesa;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.reconciliation.EastAfricaDay;
import ke.onpoint.pay.reconciliation.ProviderRecord;
import ke.onpoint.pay.reconciliation.ProviderRecords;
import ke.onpoint.pay.reconciliation.RecordKind;
import ke.onpoint.pay.reconciliation.RecordStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * M-Pesa's own records for reconciliation: the organisation statements operators upload, one per East Africa day,
 * kept as uploaded. A day's records come from the statements of that day and its neighbours (overlapping downloads
 * are merged, a receipt counted once). "Paid In" rows are collections; "Withdrawn" rows are reversals (they name the
 * reversal) or payouts; charge rows are Safaricom's fees and are left out. Only {@code Completed} rows moved money.
 * The report's balance figure comes from the Account Balance API ({@link MpesaAccountBalance}).
 */
@Component
public class MpesaStatements implements ProviderRecords {

    private final JdbcTemplate jdbc;
    private final DarajaProfiles profiles;
    private final MpesaAccountBalance balance;
    private final ke.onpoint.pay.audit.AuditTrail audit;

    public MpesaStatements(
            JdbcTemplate jdbc,
            DarajaProfiles profiles,
            MpesaAccountBalance balance,
            ke.onpoint.pay.audit.AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.profiles = profiles;
        this.balance = balance;
    }

    @Override
    public String provider() {
        return StkCallbacks.PROVIDER;
    }

    /** The statement is the live shortcode's; test-mode payments share it only where test mode uses the live profile. */
    @Override
    public List<String> modes() {
        return profiles.forMode(DarajaProfiles.TEST)
                        .filter(p -> p == profiles.live())
                        .isPresent()
                ? List.of("test", "live")
                : List.of("live");
    }

    @Override
    public Set<RecordKind> lists() {
        return Set.of(RecordKind.COLLECTION, RecordKind.REFUND, RecordKind.PAYOUT);
    }

    @Override
    public boolean scheduled() {
        return false;
    }

    @Override
    public void requestBalance(long reportId) {
        balance.request(reportId);
    }

    /**
     * Checks a statement for the day and keeps it, replacing an earlier upload of the same day; returns how many rows
     * it has. Nothing is written when it does not read, or does not cover the day.
     */
    @org.springframework.transaction.annotation.Transactional
    public int store(LocalDate date, String csv, ke.onpoint.pay.security.MerchantPrincipal who) {
        MpesaStatement.Parsed parsed;
        try {
            parsed = MpesaStatement.parse(csv);
        } catch (MpesaStatement.Malformed e) {
            throw new ApiProblem(
                            422,
                            "malformed-statement",
                            "The statement could not be read",
                            e.getMessage(),
                            List.of(new FieldError("body", e.getMessage())))
                    .with("line", e.line())
                    .with("column", e.column());
        }
        EastAfricaDay day = new EastAfricaDay(date);
        boolean periodMisses = parsed.periodFrom()
                        .filter(from -> !from.isBefore(day.end()))
                        .isPresent()
                || parsed.periodTo().filter(to -> to.isBefore(day.start())).isPresent();
        boolean rowsMiss = parsed.rows().stream().noneMatch(r -> day.contains(r.completedAt()));
        if (periodMisses || rowsMiss) {
            throw ApiProblem.invalidField(
                    "date",
                    "the statement has no transactions on " + date + " (East Africa Time); its rows run from "
                            + local(first(parsed)) + " to " + local(last(parsed)));
        }
        jdbc.update("""
                INSERT INTO mpesa_statements (statement_date, content, row_count, uploaded_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (statement_date) DO UPDATE SET content = excluded.content, row_count = excluded.row_count,
                    uploaded_by = excluded.uploaded_by, uploaded_at = now()""", Date.valueOf(date), csv, parsed.rows().size(), who.actor());
        audit.record(
                who,
                ke.onpoint.pay.audit.AuditTrail.Entry.of(
                                "reconciliation.statement_uploaded", "mpesa_statement", date.toString())
                        .change(null, Map.of("rows", parsed.rows().size(), "bytes", csv.length())));
        return parsed.rows().size();
    }

    @Override
    public List<ProviderRecord> records(Instant from, Instant to) {
        LocalDate first = from.atZone(EastAfricaTime.ZONE).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(EastAfricaTime.ZONE).toLocalDate().plusDays(1);
        Map<String, ProviderRecord> records = new LinkedHashMap<>();
        for (String csv : jdbc.queryForList(
                "SELECT content FROM mpesa_statements WHERE statement_date BETWEEN ? AND ? ORDER BY statement_date",
                String.class,
                Date.valueOf(first),
                Date.valueOf(last))) {
            for (MpesaStatement.Row row : MpesaStatement.parse(csv).rows()) {
                if (row.charge()
                        || row.completedAt().isBefore(from)
                        || !row.completedAt().isBefore(to)) {
                    continue;
                }
                ProviderRecord record = record(row);
                if (record != null) {
                    records.putIfAbsent(record.providerReference() + "|" + row.details(), record);
                }
            }
        }
        return new ArrayList<>(records.values());
    }

    static ProviderRecord record(MpesaStatement.Row row) {
        if (row.paidInMinor() == 0 && row.withdrawnMinor() == 0) {
            return null; // nothing moved
        }
        RecordKind kind =
                row.paidInMinor() > 0 ? RecordKind.COLLECTION : row.reversal() ? RecordKind.REFUND : RecordKind.PAYOUT;
        String status = row.status().toLowerCase(java.util.Locale.ROOT);
        return new ProviderRecord(
                row.receipt(),
                null,
                row.linkedTransactionId(),
                kind,
                row.paidInMinor() > 0 ? row.paidInMinor() : row.withdrawnMinor(),
                "KES",
                switch (status) {
                    case "completed" -> RecordStatus.SUCCESS;
                    case "cancelled", "declined", "failed", "expired" -> RecordStatus.FAILED;
                    default -> RecordStatus.PENDING;
                },
                row.status(),
                row.completedAt());
    }

    private static Instant first(MpesaStatement.Parsed parsed) {
        return parsed.rows().stream()
                .map(MpesaStatement.Row::completedAt)
                .min(Instant::compareTo)
                .orElseThrow();
    }

    private static Instant last(MpesaStatement.Parsed parsed) {
        return parsed.rows().stream()
                .map(MpesaStatement.Row::completedAt)
                .max(Instant::compareTo)
                .orElseThrow();
    }

    private static String local(Instant instant) {
        return instant.atZone(EastAfricaTime.ZONE).toLocalDateTime().toString().replace('T', ' ');
    }
}
