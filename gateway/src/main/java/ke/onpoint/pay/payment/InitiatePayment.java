package ke.onpoint.pay.payment;

/** A validated request to take a payment: amounts already in minor units, the phone already normalised. */
public record InitiatePayment(
        PaymentMethod method,
        long amountMinor,
        String currency,
        String phone,
        String email,
        String merchantReference,
        String description,
        String callbackUrl,
        String metadataJson) {}
