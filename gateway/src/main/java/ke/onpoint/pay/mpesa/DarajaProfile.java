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

    /**
     * Which Daraja app this is, for sharing its token between instances: a SHA-256 of the base URL and the consumer
     * key (the key itself is not stored). Two profiles of the same app share one token, as Daraja issues one per app.
     */
    public String credential() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((baseUrl + "\n" + consumerKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Whether this Daraja moves real money. */
    public boolean realMoney() {
        return "production".equals(env);
    }
}
