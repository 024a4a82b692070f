package ke.onpoint.pay.reconciliation;

/** A provider's status, reduced to what reconciliation compares: did the money move, and did it move back. */
public enum RecordStatus {
    /** The money moved. */
    SUCCESS,
    /** It moved and went back (a refunded or charged-back transaction). */
    REVERSED,
    /** It never moved (declined, abandoned, cancelled). */
    FAILED,
    /** Not finished at the provider. */
    PENDING
}
