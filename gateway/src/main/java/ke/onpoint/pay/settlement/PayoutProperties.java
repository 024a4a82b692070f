package ke.onpoint.pay.settlement;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.payouts}: how often queued payouts are sent and how long after they were queued (the window in which
 * an admin's pause still holds a fresh payout), how long a provider has to deliver a result before it is asked, and
 * how often a payout without a recorded outcome is asked about.
 */
@ConfigurationProperties("onpoint.payouts")
public record PayoutProperties(
        Duration dispatchInterval, Duration sendAfter, Duration resultTimeout, Duration checkInterval, int batchSize) {

    public PayoutProperties {
        sendAfter = sendAfter == null ? Duration.ZERO : sendAfter;
        dispatchInterval = dispatchInterval == null ? Duration.ofSeconds(10) : dispatchInterval;
        resultTimeout = resultTimeout == null ? Duration.ofMinutes(10) : resultTimeout;
        checkInterval = checkInterval == null ? Duration.ofMinutes(2) : checkInterval;
        batchSize = batchSize <= 0 ? 50 : batchSize;
    }
}
