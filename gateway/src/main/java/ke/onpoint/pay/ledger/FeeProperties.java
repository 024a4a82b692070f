package ke.onpoint.pay.ledger;

import java.math.BigDecimal;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.fees}: the default pricing plan (Paystack Kenya's published rates: M-Pesa 1.5 %, local cards 2.9 %,
 * international cards 3.8 %) and whether a refund returns its share of the fee.
 */
@ConfigurationProperties("onpoint.fees")
public record FeeProperties(Map<String, Plan> defaults, RefundPolicy refundPolicy) {

    /** As configured: a percentage with up to two decimals, the rest in minor units. */
    public record Plan(BigDecimal percent, Long fixedMinor, Long minMinor, Long capMinor) {}

    /** Paystack keeps its fee when a payment is refunded; {@code RETURN} gives the refunded share back. */
    public enum RefundPolicy {
        KEEP,
        RETURN
    }

    public FeeProperties {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
        refundPolicy = refundPolicy == null ? RefundPolicy.KEEP : refundPolicy;
        for (FeeClass feeClass : FeeClass.values()) {
            if (!defaults.containsKey(feeClass.code())) {
                throw new IllegalStateException("onpoint.fees.defaults." + feeClass.code() + " is not configured");
            }
        }
    }

    FeeRule ruleFor(FeeClass feeClass) {
        Plan plan = defaults.get(feeClass.code());
        return new FeeRule(
                plan.percent().movePointRight(2).intValueExact(),
                plan.fixedMinor() == null ? 0 : plan.fixedMinor(),
                plan.minMinor(),
                plan.capMinor());
    }
}
