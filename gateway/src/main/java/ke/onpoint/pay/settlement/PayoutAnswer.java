package ke.onpoint.pay.settlement;

/** What a provider said to a payout request or to a question about one. */
public sealed interface PayoutAnswer {

    /** Taken; its result comes later (Daraja Result callback, Paystack transfer webhook). */
    record Accepted(String providerReference) implements PayoutAnswer {}

    /** Known paid, with what the provider says it paid (checked against the payout before it counts). */
    record Paid(String providerReference, String receipt, long amountMinor, String currency) implements PayoutAnswer {}

    /** Conclusively not paid: the money goes back to the merchant's available balance. */
    record Failed(String code, String reason) implements PayoutAnswer {}

    /**
     * Paid, then returned by the provider (Paystack {@code transfer.reversed}): the money is back with us. For a payout
     * not yet recorded paid it means the same as {@link Failed}.
     */
    record Reversed(String providerReference, String reason) implements PayoutAnswer {}

    /** No conclusive answer (timeout, 5xx, result still pending): ask again later, never send again. */
    record Unknown(String reason) implements PayoutAnswer {}

    /** From {@link PayoutRail#check} only: the provider has no record of the request, so it never reached them. */
    record NotFound(String reason) implements PayoutAnswer {}
}
