package ke.onpoint.pay.flutterwave;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Flutterwave v3, the second card processor ({@code onpoint.flutterwave.*}, FLUTTERWAVE_* variables). */
@ConfigurationProperties("onpoint.flutterwave")
public record FlutterwaveProperties(
        String env, String baseUrl, String secretKey, String webhookHash, List<String> webhookAllowedIps) {

    public FlutterwaveProperties {
        if (!"simulator".equals(env)
                && (secretKey == null || secretKey.isBlank() || webhookHash == null || webhookHash.isBlank())) {
            throw new IllegalStateException(
                    "FLUTTERWAVE_ENV=" + env + " needs FLUTTERWAVE_SECRET_KEY and FLUTTERWAVE_WEBHOOK_HASH");
        }
    }
}
