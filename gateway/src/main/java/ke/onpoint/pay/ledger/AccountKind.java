package ke.onpoint.pay.ledger;

/**
 * The ledger's accounts. A merchant has {@link #PENDING}, {@link #AVAILABLE} and {@link #IN_PAYOUT} per mode and
 * currency; the platform has {@link #FEES}; each provider has a {@link #CLEARING} account: what it holds for us, which
 * provider reconciliation checks against the provider's own records.
 */
public enum AccountKind {
    /**
     * Captured, not yet settleable (M-Pesa T+1, cards T+2). Hot during a merchant's flash sale (every capture posts
     * here), so spread over several rows as fees are. Only the day's settlement run takes from it, one run at a time
     * (an advisory lock), so its below-zero check over the summed rows races nothing.
     */
    PENDING("pending", 'C', false, 16),
    /** Settled: owed to the merchant and free to pay out. A refund larger than what is left makes it a debt. */
    AVAILABLE("available", 'C', true, 1),
    /** On its way to the merchant's payout destination. */
    IN_PAYOUT("in_payout", 'C', false, 1),
    /** The platform's fee income. Hot: every payment posts here, so its balance is spread over several rows. */
    FEES("fees", 'C', false, 16),
    /** Money a provider holds for us (collections in, payouts out). Hot, as fees. */
    CLEARING("clearing", 'D', true, 16);

    private final String code;
    private final char normalSide;
    private final boolean mayGoNegative;
    private final int balanceSlots;

    AccountKind(String code, char normalSide, boolean mayGoNegative, int balanceSlots) {
        this.code = code;
        this.normalSide = normalSide;
        this.mayGoNegative = mayGoNegative;
        this.balanceSlots = balanceSlots;
    }

    public String code() {
        return code;
    }

    /** 'D' for assets (balance = sum of entries), 'C' for what we owe (balance = minus the sum). */
    public char normalSide() {
        return normalSide;
    }

    public boolean mayGoNegative() {
        return mayGoNegative;
    }

    int balanceSlots() {
        return balanceSlots;
    }

    /** The balance as the account's owner reads it, from the sum of its entries (debits positive). */
    public long balanceOf(long entrySum) {
        return normalSide == 'D' ? entrySum : -entrySum;
    }
}
