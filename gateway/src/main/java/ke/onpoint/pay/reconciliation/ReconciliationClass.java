package ke.onpoint.pay.reconciliation;

/** Where a record lands in a day's report; every class but {@code MATCHED} is a review item. */
public enum ReconciliationClass {
    MATCHED,
    AMOUNT_MISMATCH,
    STATUS_MISMATCH,
    /** Money the provider took that the gateway does not know. */
    MISSING_AT_GATEWAY,
    /** Money the gateway booked that the provider has no record of. */
    MISSING_AT_PROVIDER;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
