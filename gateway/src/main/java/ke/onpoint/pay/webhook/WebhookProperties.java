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
        boolean allowPrivateTargets) {

    /** The wait after the {@code failures}-th failed attempt (1-based); the schedule's last step repeats. */
    public Duration retryAfter(int failures) {
        return retrySchedule.get(Math.min(Math.max(failures, 1), retrySchedule.size()) - 1);
    }
}
