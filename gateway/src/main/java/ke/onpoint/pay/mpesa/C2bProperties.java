package ke.onpoint.pay.mpesa;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Paybill/till payments ({@code onpoint.mpesa.c2b.*}, MPESA_C2B_* and the seed's MPESA_*_URL variables). */
@ConfigurationProperties("onpoint.mpesa.c2b")
public record C2bProperties(
        String shortcode,
        String apiVersion,
        String responseType,
        String confirmationUrl,
        String validationUrl,
        boolean registerOnStartup,
        String validationDefault,
        Duration rulesTimeout,
        BigDecimal defaultMaxAmount) {

    public boolean acceptByDefault() {
        return !"reject".equalsIgnoreCase(validationDefault);
    }
}
