package ke.onpoint.pay.reconciliation;

/** What a provider says it settled for a day: how many settlements, their amount paid out and fees (minor units). */
public record SettlementFigures(int count, long settledMinor, long feesMinor) {}
