package ke.onpoint.simulator.paystack;

/**
 * What happens to a transfer, set through the control API ({@code POST /sim/paystack/__sim/transfers/scenario}, for
 * every transfer or one recipient). Whatever the scenario, a transfer larger than the balance (plus its fee) is
 * refused with Paystack's "Your balance is not enough to fulfill this request".
 */
enum TransferScenario {
    /** Queued, then success and {@code transfer.success}. */
    SUCCESS,
    /** Refused at once: "Your balance is not enough to fulfill this request" (400). */
    INSUFFICIENT_BALANCE,
    /** Refused at once: "Recipient specified is invalid" (400). */
    INVALID_RECIPIENT,
    /** Queued, then failed (the money comes back) and {@code transfer.failed}. */
    FAILED,
    /** Queued, success and {@code transfer.success}, then reversed (the money comes back) and {@code transfer.reversed}. */
    REVERSED,
    /** Queued and successful, but no webhook is ever sent: only verify can tell. */
    NO_WEBHOOK,
    /** Queued and successful, and {@code transfer.success} is delivered twice. */
    DUPLICATE_WEBHOOK;
}
