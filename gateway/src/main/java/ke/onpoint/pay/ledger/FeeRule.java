package ke.onpoint.pay.ledger;

/**
 * A price: a percentage (in basis points, 150 = 1.5 %) plus a fixed part, then raised to the minimum and lowered to
 * the cap, all in minor units. Rounding: the percentage part is rounded half up to the minor unit (KES 0.005 and
 * above is a cent), once, before the fixed part is added. A fee never exceeds the amount it is charged on.
 */
public record FeeRule(int percentBp, long fixedMinor, Long minMinor, Long capMinor) {

    public FeeRule {
        if (percentBp < 0 || percentBp > 10_000 || fixedMinor < 0) {
            throw new IllegalArgumentException("fee rule out of range");
        }
        if ((minMinor != null && minMinor < 0)
                || (capMinor != null && capMinor < 0)
                || (minMinor != null && capMinor != null && minMinor > capMinor)) {
            throw new IllegalArgumentException("fee minimum and cap out of range");
        }
    }

    public long feeFor(long amountMinor) {
        long fee = (Math.multiplyExact(amountMinor, (long) percentBp) + 5_000) / 10_000 + fixedMinor;
        if (minMinor != null) {
            fee = Math.max(fee, minMinor);
        }
        if (capMinor != null) {
            fee = Math.min(fee, capMinor);
        }
        return Math.min(fee, amountMinor);
    }

    /**
     * The part of a payment's fee that refunds totalling {@code refundedMinor} return, rounded half up: refunds of the
     * whole amount return exactly the whole fee, whatever the split.
     */
    public static long refundedShare(long feeMinor, long amountMinor, long refundedMinor) {
        return (Math.multiplyExact(Math.multiplyExact(feeMinor, refundedMinor), 2L) + amountMinor) / (2 * amountMinor);
    }
}
