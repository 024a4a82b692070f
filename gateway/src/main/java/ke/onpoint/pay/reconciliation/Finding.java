package ke.onpoint.pay.reconciliation;

/** One comparison's outcome: the class, and the two sides (either may be absent). */
public record Finding(ReconciliationClass reconciliationClass, RecordKind kind, OurRecord ours, ProviderRecord theirs) {

    /** The reference the review item is known by: the provider's, else ours. */
    public String providerReference() {
        if (theirs != null) {
            return theirs.providerReference();
        }
        return ours.providerReference() != null ? ours.providerReference() : ours.reference();
    }

    public String currency() {
        return theirs != null ? theirs.currency() : ours.currency();
    }
}
