package ke.onpoint.pay.reconciliation;

/** What a record is: money in (a collection), money back to a payer (a refund or reversal), money out (a payout). */
public enum RecordKind {
    COLLECTION,
    REFUND,
    PAYOUT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
