package ke.onpoint.pay.settlement;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.payouts}: how often queued payouts are sent, how long a provider has to deliver a result before it is
 * asked, and how often a payout without a recorded outcome is asked about.
 */
@ConfigurationProperties("onpoint.payouts")
public record PayoutProperties(Duration dispatchInterval, Duration resultTimeout, Duration checkInterval, int batchSize) {

    public PayoutProperties {
        dispatchInterval = dispatchInterval == null ? Duration.ofSeconds(10) : dispatchInterval;
        resultTimeout = resultTimeout == null ? Duration.ofMinutes(10) : resultTimeout;
        checkInterval = checkInterval == null ? Duration.ofMinutes(2) : checkInterval;
        batchSize = batchSize <= 0 ? 50 : batchSize;
    }
}
