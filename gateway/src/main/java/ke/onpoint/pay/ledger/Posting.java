package ke.onpoint.pay.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One money movement: two or more entries that sum to zero per currency (debits positive, credits negative).
 * {@code kind} and {@code reference} name its cause, once: posting the same cause twice is a no-op.
 */
public record Posting(
        String kind,
        String reference,
        Long merchantId,
        String mode,
        Long grossMinor,
        Long feeMinor,
        List<Entry> entries) {

    /** One line of a posting; {@code settleOn} marks a merchant entry that a settlement will cover from that day. */
    public record Entry(LedgerAccount account, long amountMinor, LocalDate settleOn) {}

    public Posting {
        entries = List.copyOf(entries);
        Map<String, Long> sums = new TreeMap<>();
        entries.forEach(e -> sums.merge(e.account().currency(), e.amountMinor(), Long::sum));
        if (entries.size() < 2 || sums.values().stream().anyMatch(s -> s != 0)) {
            throw new IllegalArgumentException("unbalanced posting " + kind + " " + reference + ": " + entries);
        }
        if (entries.stream().anyMatch(e -> e.account().mode().equals(mode) == false)) {
            throw new IllegalArgumentException("posting " + kind + " " + reference + " mixes modes: " + entries);
        }
    }

    public static Builder of(String kind, String reference, Long merchantId, String mode) {
        return new Builder(kind, reference, merchantId, mode);
    }

    /** Collects entries; zero amounts are left out (a fee of nothing is no entry). */
    public static final class Builder {
        private final String kind;
        private final String reference;
        private final Long merchantId;
        private final String mode;
        private final List<Entry> entries = new ArrayList<>();
        private Long grossMinor;
        private Long feeMinor;

        private Builder(String kind, String reference, Long merchantId, String mode) {
            this.kind = kind;
            this.reference = reference;
            this.merchantId = merchantId;
            this.mode = mode;
        }

        public Builder debit(LedgerAccount account, long amountMinor) {
            return entry(account, amountMinor, null);
        }

        public Builder credit(LedgerAccount account, long amountMinor) {
            return entry(account, -amountMinor, null);
        }

        public Builder entry(LedgerAccount account, long signedAmountMinor, LocalDate settleOn) {
            if (signedAmountMinor != 0) {
                entries.add(new Entry(account, signedAmountMinor, settleOn));
            }
            return this;
        }

        /** What a settlement line shows for this posting: the gross and the fee behind the merchant's net. */
        public Builder grossAndFee(long grossMinor, long feeMinor) {
            this.grossMinor = grossMinor;
            this.feeMinor = feeMinor;
            return this;
        }

        public Posting build() {
            return new Posting(kind, reference, merchantId, mode, grossMinor, feeMinor, entries);
        }
    }
}
