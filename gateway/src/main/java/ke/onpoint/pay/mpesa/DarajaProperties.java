package ke.onpoint.pay.mpesa;

import java.time.Duration;
import java.util.List;

import ke.onpoint.pay.ops.BreakerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which Daraja the gateway talks to and as whom ({@code onpoint.mpesa.*}, MPESA_* variables). */
@ConfigurationProperties("onpoint.mpesa")
public record DarajaProperties(
        String env,
        String baseUrl,
        String consumerKey,
        String consumerSecret,
        String shortcode,
        String passkey,
        String transactionType,
        String tillNumber,
        String callbackUrl,
        String callbackToken,
        List<String> callbackAllowedIps,
        Duration tokenRefreshMargin,
        BreakerSettings breaker,
        String initiatorName,
        String initiatorPassword,
        String certificate,
        String resultUrl,
        String timeoutUrl) {

    /** The simulator decrypts SecurityCredentials with the private key of this certificate and checks this password. */
    static final String SIMULATOR_CERTIFICATE = "classpath:mpesa/simulator-certificate.cer";

    static final String SIMULATOR_INITIATOR_PASSWORD = "Safaricom999!*!";

    /**
     * Real Daraja (sandbox or production) needs every credential (see also ops.ProductionSecrets); only the simulator
     * runs on the defaults, its own certificate and initiator password among them.
     */
    public DarajaProperties {
        if ("simulator".equals(env)) {
            initiatorPassword = initiatorPassword == null || initiatorPassword.isBlank()
                    ? SIMULATOR_INITIATOR_PASSWORD
                    : initiatorPassword;
            certificate = certificate == null || certificate.isBlank() ? SIMULATOR_CERTIFICATE : certificate;
        } else {
            // Results of reversals, status queries and payouts: beside the STK callback unless set (an empty one made
            // relative URLs Daraja refuses)
            resultUrl = blank(resultUrl) ? besideCallback(callbackUrl, "result") : resultUrl;
            timeoutUrl = blank(timeoutUrl) ? besideCallback(callbackUrl, "timeout") : timeoutUrl;
            java.util.List<String> missing = new java.util.ArrayList<>();
            java.util.Map<String, String> required = new java.util.LinkedHashMap<>();
            required.put("MPESA_BASE_URL", baseUrl);
            required.put("MPESA_CONSUMER_KEY", consumerKey);
            required.put("MPESA_CONSUMER_SECRET", consumerSecret);
            required.put("MPESA_SHORTCODE", shortcode);
            required.put("MPESA_PASSKEY", passkey);
            required.put("MPESA_CALLBACK_URL", callbackUrl);
            required.put("MPESA_CALLBACK_TOKEN", callbackToken);
            required.put("MPESA_INITIATOR_PASSWORD", initiatorPassword);
            required.put("MPESA_CERTIFICATE", certificate);
            required.put("MPESA_RESULT_URL", resultUrl);
            required.put("MPESA_TIMEOUT_URL", timeoutUrl);
            required.forEach((name, value) -> {
                if (blank(value)) {
                    missing.add(name);
                }
            });
            if (!missing.isEmpty()) {
                throw new IllegalStateException("MPESA_ENV=" + env + " needs "
                        + String.join(", ", missing.stream().sorted().toList()));
            }
            if (callbackToken.length() < 16) {
                throw new IllegalStateException("MPESA_CALLBACK_TOKEN must be at least 16 random characters");
            }
            if ("production".equals(env) && !callbackUrl.startsWith("https://")) {
                throw new IllegalStateException("MPESA_CALLBACK_URL must be an https:// URL in production");
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * {@code https://pay.example.com/api/v1/payments/mpesa/callback/} gives {@code …/mpesa/result/} for "result"; a
     * callback URL of another shape gives null (the variable is then reported missing).
     */
    static String besideCallback(String callbackUrl, String segment) {
        if (blank(callbackUrl)) {
            return null;
        }
        String base = callbackUrl.endsWith("/") ? callbackUrl.substring(0, callbackUrl.length() - 1) : callbackUrl;
        return base.endsWith("/callback")
                ? base.substring(0, base.length() - "callback".length()) + segment + "/"
                : null;
    }

    /** The till for Buy Goods, else the paybill shortcode, receives the money (STK's PartyB). */
    public String partyB() {
        return "CustomerBuyGoodsOnline".equals(transactionType) && tillNumber != null && !tillNumber.isBlank()
                ? tillNumber
                : shortcode;
    }

    /** Where Daraja posts the asynchronous Result of a {@code kind} request ("reversal", "status"). */
    public String resultUrl(String kind) {
        return (resultUrl.endsWith("/") ? resultUrl : resultUrl + "/") + kind + "/" + callbackToken;
    }

    public String queueTimeoutUrl(String kind) {
        return (timeoutUrl.endsWith("/") ? timeoutUrl : timeoutUrl + "/") + kind + "/" + callbackToken;
    }

    /**
     * The CallBackURL sent with a payment's STK Push: the configured URL, the payment's reference, and the secret token
     * as its last segment. The reference lets the callback find its payment even when it overtakes the push's own
     * answer (Daraja can call back before we have recorded its CheckoutRequestID).
     */
    public String stkCallbackUrl(String paymentReference) {
        return (callbackUrl.endsWith("/") ? callbackUrl : callbackUrl + "/") + paymentReference + "/" + callbackToken;
    }
}
