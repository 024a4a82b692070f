package ke.onpoint.pay.settlement;

/**
 * A payout as the delivery code reads it: its destination decrypted (null when it cannot be), its settlement's
 * reference beside it.
 */
public record Payout(
        long id,
        String reference,
        long settlementId,
        String settlementReference,
        long merchantId,
        String mode,
        long amountMinor,
        String currency,
        String destinationType,
        PayoutDestination destination,
        String destinationDisplay,
        String provider,
        String status,
        String providerReference,
        String providerReceipt,
        int attempts) {

    public PayoutOrder order() {
        return new PayoutOrder(reference, merchantId, mode, amountMinor, currency, destination);
    }

    /** Handed to the provider, no final outcome recorded yet. */
    public boolean open() {
        return "sending".equals(status) || "sent".equals(status);
    }
}
