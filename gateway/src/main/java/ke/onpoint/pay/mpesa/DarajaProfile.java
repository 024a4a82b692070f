package ke.onpoint.pay.mpesa;

/**
 * One Daraja the gateway talks to, as which app, for which shortcode and initiator: {@code live} (the main
 * configuration) or {@code test} (the sandbox test keys reach). Routes, tokens and the circuit breaker are per profile.
 */
public record DarajaProfile(
        String name,
        String env,
        String baseUrl,
        String consumerKey,
        String consumerSecret,
        String shortcode,
        String passkey,
        String transactionType,
        String partyB,
        String initiatorName,
        String initiatorPassword,
        String certificate) {

    /** Whether this Daraja moves real money. */
    public boolean realMoney() {
        return "production".equals(env);
    }
}
