package ke.onpoint.pay.mpesa;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.payouts.mpesa}: the shortcodes payouts leave from (B2C spends the B2C shortcode's Utility account,
 * B2B the paybill's Working account) and B2C's CommandID. The initiator is the Daraja profile's, as for reversals.
 */
@ConfigurationProperties("onpoint.payouts.mpesa")
public record MpesaPayoutProperties(String b2cShortcode, String b2bShortcode, String b2cCommandId) {

    public MpesaPayoutProperties {
        b2cCommandId = b2cCommandId == null || b2cCommandId.isBlank() ? "BusinessPayment" : b2cCommandId;
        if (!java.util.Set.of("BusinessPayment", "SalaryPayment", "PromotionPayment")
                .contains(b2cCommandId)) {
            throw new IllegalStateException(
                    "onpoint.payouts.mpesa.b2c-command-id must be BusinessPayment, SalaryPayment or PromotionPayment");
        }
    }
}
