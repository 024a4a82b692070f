package ke.onpoint.pay.ledger;

/**
 * An account's identity. Merchant accounts carry the merchant; clearing accounts the provider; every account its mode
 * (test money never meets live money) and currency.
 */
public record LedgerAccount(AccountKind kind, Long merchantId, String provider, String mode, String currency) {

    public static LedgerAccount merchant(AccountKind kind, long merchantId, String mode, String currency) {
        return new LedgerAccount(kind, merchantId, null, mode, currency);
    }

    public static LedgerAccount fees(String mode, String currency) {
        return new LedgerAccount(AccountKind.FEES, null, null, mode, currency);
    }

    public static LedgerAccount clearing(String provider, String mode, String currency) {
        return new LedgerAccount(AccountKind.CLEARING, null, provider, mode, currency);
    }

    /** The account's unique code, e.g. {@code merchant:42:live:KES:pending}, {@code provider:mpesa:live:KES:clearing}. */
    public String code() {
        return switch (kind) {
            case PENDING, AVAILABLE, IN_PAYOUT ->
                "merchant:%d:%s:%s:%s".formatted(merchantId, mode, currency, kind.code());
            case FEES -> "platform:%s:%s:fees".formatted(mode, currency);
            case CLEARING -> "provider:%s:%s:%s:clearing".formatted(provider, mode, currency);
        };
    }
}
