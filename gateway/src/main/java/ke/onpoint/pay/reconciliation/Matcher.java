package ke.onpoint.pay.reconciliation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one day of a provider's records with the gateway's. Each pair is judged in the report of our record's day;
 * a provider record nobody of ours claims is judged on the provider's day. No I/O: the caller loads both sides.
 */
final class Matcher {

    private Matcher() {}

    /**
     * @param day the East Africa day being reconciled
     * @param theirs the provider's records of the day and of one day either side
     * @param oursOfDay our records whose money moved on the day, of the kinds the provider lists
     * @param oursByKey our records (any day) the provider's records of the day refer to, by each of their keys
     */
    static List<Finding> match(
            EastAfricaDay day,
            List<ProviderRecord> theirs,
            List<OurRecord> oursOfDay,
            Map<String, List<OurRecord>> oursByKey) {
        List<Finding> findings = new ArrayList<>();
        Set<String> judged = new java.util.HashSet<>(); // kind:reference: both sides load their own copies
        Set<String> seen = new java.util.HashSet<>();
        for (ProviderRecord record : theirs) {
            if (!day.contains(record.occurredAt()) || !seen.add(record.kind() + ":" + record.providerReference())) {
                continue; // another day's record, or the same record twice (overlapping pages or statements)
            }
            OurRecord ours = find(oursByKey, record);
            if (ours == null) {
                if (record.status() == RecordStatus.SUCCESS) {
                    findings.add(new Finding(ReconciliationClass.MISSING_AT_GATEWAY, record.kind(), null, record));
                }
                continue; // no money moved and we know nothing of it: nothing to reconcile
            }
            if (ours.moved() && !day.contains(ours.occurredAt())) {
                continue; // judged in the report of our record's day, which looks one day either side
            }
            judged.add(ours.kind() + ":" + ours.reference());
            compare(ours, record).ifPresent(findings::add);
        }
        Map<String, ProviderRecord> nearby = index(theirs);
        for (OurRecord ours : oursOfDay) {
            if (judged.contains(ours.kind() + ":" + ours.reference())) {
                continue;
            }
            // The day boundary: a payment completed at 23:59:59 EAT may be in the provider's next day (its clock, its
            // cut-off), one at 00:00:01 in its previous day. Only a record absent from all three days is missing.
            ProviderRecord record = null;
            for (String key : ours.keys()) {
                record = nearby.get(ours.kind() + ":" + key);
                if (record != null) {
                    break;
                }
            }
            if (record == null) {
                findings.add(new Finding(ReconciliationClass.MISSING_AT_PROVIDER, ours.kind(), ours, null));
            } else {
                compare(ours, record).ifPresent(findings::add);
            }
        }
        return findings;
    }

    /** Matched when both say the money moved, for the same amount; empty when neither says it moved. */
    static java.util.Optional<Finding> compare(OurRecord ours, ProviderRecord theirs) {
        boolean theyMoved = theirs.status() == RecordStatus.SUCCESS
                || (theirs.status() == RecordStatus.REVERSED && ours.status().contains("refunded"));
        if (!ours.moved() && !theyMoved) {
            return java.util.Optional.empty();
        }
        ReconciliationClass result;
        if (ours.moved() != theyMoved) {
            result = ReconciliationClass.STATUS_MISMATCH;
        } else if (ours.amountMinor() != theirs.amountMinor()
                || !ours.currency().equals(theirs.currency())) {
            result = ReconciliationClass.AMOUNT_MISMATCH;
        } else {
            result = ReconciliationClass.MATCHED;
        }
        return java.util.Optional.of(new Finding(result, theirs.kind(), ours, theirs));
    }

    private static OurRecord find(Map<String, List<OurRecord>> oursByKey, ProviderRecord record) {
        for (String key : record.keys()) {
            for (OurRecord ours : oursByKey.getOrDefault(key, List.of())) {
                if (ours.kind() == record.kind()) {
                    return ours;
                }
            }
        }
        return null;
    }

    private static Map<String, ProviderRecord> index(List<ProviderRecord> records) {
        Map<String, ProviderRecord> index = new HashMap<>();
        for (ProviderRecord record : records) {
            for (String key : record.keys()) {
                index.putIfAbsent(record.kind() + ":" + key, record);
            }
        }
        return index;
    }
}
