package ke.onpoint.pay.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Merchant webhook delivery ({@code onpoint.webhooks.*}, WEBHOOK_* variables). */
@ConfigurationProperties("onpoint.webhooks")
public record WebhookProperties(
        long dispatchPeriodMs,
        Duration timeout,
        List<Duration> retrySchedule,
        Duration giveUpAfter,
        boolean allowPrivateTargets,
        int batchSize,
        int senders) {

    public WebhookProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("onpoint.webhooks.batch-size (WEBHOOK_BATCH_SIZE) must be at least 1");
        }
        if (senders < 1) {
            throw new IllegalArgumentException("onpoint.webhooks.senders (WEBHOOK_SENDERS) must be at least 1");
        }
    }

    /** The wait after the {@code failures}-th failed attempt (1-based); the schedule's last step repeats. */
    public Duration retryAfter(int failures) {
        return retrySchedule.get(Math.min(Math.max(failures, 1), retrySchedule.size()) - 1);
    }

    /**
     * How long a claimed batch is kept from other claimers: its rounds of POSTs (each ends within the timeout) and
     * two timeouts more for the record, so a batch still being sent is never claimed again.
     */
    public Duration lease() {
        int rounds = (batchSize + senders - 1) / senders;
        return timeout.multipliedBy(rounds + 2L);
    }
}
