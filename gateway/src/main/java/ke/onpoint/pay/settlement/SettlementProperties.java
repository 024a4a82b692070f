package ke.onpoint.pay.settlement;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.settlement}: when the daily run fires (a Quartz cron in East Africa Time), the smallest payout
 * (below it the money waits in available), and how far back a run looks for entries no settlement covers yet.
 */
@ConfigurationProperties("onpoint.settlement")
public record SettlementProperties(String cron, Long minimumPayoutMinor, Integer lookbackDays) {

    public SettlementProperties {
        cron = cron == null || cron.isBlank() ? "0 0 6 * * ?" : cron.trim();
        minimumPayoutMinor = minimumPayoutMinor == null ? 10_000L : minimumPayoutMinor;
        lookbackDays = lookbackDays == null ? 90 : lookbackDays;
        if (minimumPayoutMinor < 1 || lookbackDays < 1) {
            throw new IllegalStateException(
                    "onpoint.settlement.minimum-payout-minor and lookback-days must be positive");
        }
    }
}
