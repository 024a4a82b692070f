package ke.onpoint.pay.settlement;

/** A payout as a rail sends it: amounts in minor units; the reference is ours and unique. */
public record PayoutOrder(
        String reference,
        long merchantId,
        String mode,
        long amountMinor,
        String currency,
        PayoutDestination destination) {}
