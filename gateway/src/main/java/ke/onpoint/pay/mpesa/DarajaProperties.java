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
            java.util.List<String> missing = new java.util.ArrayList<>();
            java.util.Map.of(
                            "MPESA_BASE_URL",
                            String.valueOf(baseUrl),
                            "MPESA_CONSUMER_KEY",
                            String.valueOf(consumerKey),
                            "MPESA_CONSUMER_SECRET",
                            String.valueOf(consumerSecret),
                            "MPESA_SHORTCODE",
                            String.valueOf(shortcode),
                            "MPESA_PASSKEY",
                            String.valueOf(passkey),
                            "MPESA_CALLBACK_URL",
                            String.valueOf(callbackUrl),
                            "MPESA_CALLBACK_TOKEN",
                            String.valueOf(callbackToken),
                            "MPESA_INITIATOR_PASSWORD",
                            String.valueOf(initiatorPassword),
                            "MPESA_CERTIFICATE",
                            String.valueOf(certificate))
                    .forEach((name, value) -> {
                        if (value.isBlank() || "null".equals(value)) {
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
