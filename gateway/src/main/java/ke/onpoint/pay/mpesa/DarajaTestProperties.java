package ke.onpoint.pay.mpesa;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where test-mode M-Pesa payments go ({@code onpoint.mpesa.test.*}, MPESA_TEST_* variables): {@code same} (the main
 * configuration: the simulator in development), {@code sandbox} (Safaricom's sandbox with the app below) or
 * {@code none} (test keys take no M-Pesa payments). Production runs the main configuration for live keys and
 * usually the sandbox for test keys.
 */
@ConfigurationProperties("onpoint.mpesa.test")
public record DarajaTestProperties(
        String env,
        String baseUrl,
        String consumerKey,
        String consumerSecret,
        String shortcode,
        String passkey,
        String initiatorName,
        String initiatorPassword,
        String certificate) {

    public DarajaTestProperties {
        env = env == null || env.isBlank() ? "same" : env.trim();
        if (!java.util.List.of("same", "sandbox", "none").contains(env)) {
            throw new IllegalStateException("MPESA_TEST_ENV must be same, sandbox or none, not " + env);
        }
        if ("sandbox".equals(env)
                && (blank(baseUrl)
                        || blank(consumerKey)
                        || blank(consumerSecret)
                        || blank(shortcode)
                        || blank(passkey))) {
            throw new IllegalStateException(
                    "MPESA_TEST_ENV=sandbox needs MPESA_TEST_BASE_URL, MPESA_TEST_CONSUMER_KEY, "
                            + "MPESA_TEST_CONSUMER_SECRET, MPESA_TEST_SHORTCODE and MPESA_TEST_PASSKEY");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
