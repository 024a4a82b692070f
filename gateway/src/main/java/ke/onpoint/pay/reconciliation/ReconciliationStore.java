package ke.onpoint.pay.reconciliation;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a run's outcome: the day's report (one per provider and day, updated in place), its totals (replaced) and
 * one review item per mismatch. The report row is locked for the write, so two runs of a day take turns; an item the
 * day already has (open or resolved) is left as it is, so a rerun adds only what is new.
 */
@Component
class ReconciliationStore {

    /** The gateway acting on its own, as the audit trail shows it. */
    static final MerchantPrincipal SYSTEM = MerchantPrincipal.system(0, null, null, "reconciliation");

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;

    ReconciliationStore(JdbcTemplate jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The day's report, created or taken over for this run ({@code running}); returns its id. */
    @Transactional
    long start(String provider, LocalDate day, List<String> modes, String triggeredBy) {
        return jdbc.queryForObject(
                """
                INSERT INTO reconciliation_reports (public_id, provider, report_date, status, modes, triggered_by, runs)
                VALUES (?, ?, ?, 'running', ?, ?, 1)
                ON CONFLICT ON CONSTRAINT reconciliation_reports_day_uk DO UPDATE
                    SET status = 'running', error = NULL, modes = excluded.modes, triggered_by = excluded.triggered_by,
                        runs = reconciliation_reports.runs + 1, started_at = now(), finished_at = NULL
                RETURNING id""",
                Long.class,
                "rcr_" + RandomIds.base62(16),
                provider,
                day,
                String.join(",", modes),
                truncate(triggeredBy, 254));
    }

    @Transactional
    void failed(long reportId, String error) {
        jdbc.update(
                "UPDATE reconciliation_reports SET status = 'failed', error = ?, finished_at = now() WHERE id = ?",
                truncate(error, 500),
                reportId);
    }

    /** What a run found; {@code clearingBalance} is our books' figure for the provider account. */
    record Outcome(
            List<Finding> findings,
            int providerRecords,
            int gatewayRecords,
            long clearingBalance,
            Optional<SettlementFigures> settlements) {}

    /** Writes the outcome in one transaction; returns the review items this run created (not those it found again). */
    @Transactional
    List<Finding> finish(long reportId, String provider, Outcome outcome) {
        jdbc.queryForObject("SELECT id FROM reconciliation_reports WHERE id = ? FOR UPDATE", Long.class, reportId);
        jdbc.update("DELETE FROM reconciliation_totals WHERE report_id = ?", reportId);
        Map<String, long[]> totals = new LinkedHashMap<>();
        for (Finding finding : outcome.findings()) {
            long[] sums = totals.computeIfAbsent(
                    finding.reconciliationClass().code() + "|" + finding.currency(), k -> new long[3]);
            sums[0]++;
            sums[1] += finding.ours() == null ? 0 : finding.ours().amountMinor();
            sums[2] += finding.theirs() == null ? 0 : finding.theirs().amountMinor();
        }
        totals.forEach((key, sums) -> jdbc.update(
                """
                INSERT INTO reconciliation_totals (report_id, class, currency, record_count, ours_minor, theirs_minor)
                VALUES (?, ?, ?, ?, ?, ?)""",
                reportId,
                key.substring(0, key.indexOf('|')),
                key.substring(key.indexOf('|') + 1),
                sums[0],
                sums[1],
                sums[2]));
        List<Finding> created = new ArrayList<>();
        for (Finding finding : outcome.findings()) {
            if (finding.reconciliationClass() != ReconciliationClass.MATCHED
                    && insertItem(reportId, provider, finding)) {
                created.add(finding);
            }
        }
        SettlementFigures settled = outcome.settlements().orElse(null);
        jdbc.update(
                """
                UPDATE reconciliation_reports SET status = 'done', finished_at = now(), provider_records = ?,
                    gateway_records = ?, clearing_balance_minor = ?, settlement_count = ?, settled_minor = ?,
                    settlement_fees_minor = ?
                WHERE id = ?""",
                outcome.providerRecords(),
                outcome.gatewayRecords(),
                outcome.clearingBalance(),
                settled == null ? null : settled.count(),
                settled == null ? null : settled.settledMinor(),
                settled == null ? null : settled.feesMinor(),
                reportId);
        return created;
    }

    /** False when the day already has this item (a rerun); a new one is recorded in the audit trail, its event. */
    private boolean insertItem(long reportId, String provider, Finding finding) {
        OurRecord ours = finding.ours();
        ProviderRecord theirs = finding.theirs();
        String publicId = "rci_" + RandomIds.base62(16);
        int inserted = jdbc.update(
                """
                INSERT INTO reconciliation_items (public_id, report_id, provider, kind, record_kind, provider_reference,
                    our_reference, merchant_id, our_amount_minor, our_currency, our_status, their_amount_minor,
                    their_currency, their_status, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT reconciliation_items_uk DO NOTHING""",
                publicId,
                reportId,
                provider,
                finding.reconciliationClass().code(),
                finding.kind().code(),
                truncate(finding.providerReference(), 64),
                ours == null
                        ? (theirs.ourReference() == null ? null : truncate(theirs.ourReference(), 64))
                        : ours.reference(),
                ours == null ? null : ours.merchantId(),
                ours == null ? null : ours.amountMinor(),
                ours == null ? null : ours.currency(),
                ours == null ? null : ours.status(),
                theirs == null ? null : theirs.amountMinor(),
                theirs == null ? null : theirs.currency(),
                theirs == null ? null : truncate(theirs.statusText(), 32),
                occurredAt(finding));
        if (inserted == 0) {
            return false;
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("provider", provider);
        after.put("kind", finding.reconciliationClass().code());
        after.put("provider_reference", finding.providerReference());
        after.put("our_reference", ours == null ? null : ours.reference());
        audit.record(
                SYSTEM,
                AuditTrail.Entry.of("reconciliation.mismatch", "reconciliation_item", publicId)
                        .change(null, after));
        return true;
    }

    private static Timestamp occurredAt(Finding finding) {
        java.time.Instant at = finding.theirs() != null ? finding.theirs().occurredAt() : null;
        if (at == null && finding.ours() != null) {
            at = finding.ours().occurredAt();
        }
        return at == null ? null : Timestamp.from(at);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
