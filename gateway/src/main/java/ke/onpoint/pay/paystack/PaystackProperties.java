package ke.onpoint.pay.paystack;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Paystack, the primary card processor by default ({@code onpoint.paystack.*}, PAYSTACK_* variables). */
@ConfigurationProperties("onpoint.paystack")
public record PaystackProperties(
        String env, String baseUrl, String secretKey, String publicKey, List<String> webhookAllowedIps) {

    public PaystackProperties {
        if (!"simulator".equals(env) && (secretKey == null || secretKey.isBlank())) {
            throw new IllegalStateException("PAYSTACK_ENV=" + env + " needs PAYSTACK_SECRET_KEY");
        }
    }
}
