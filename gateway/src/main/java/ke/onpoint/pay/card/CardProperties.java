package ke.onpoint.pay.card;

import java.time.Duration;

import ke.onpoint.pay.ops.BreakerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which processor takes card payments first, and how each processor is guarded ({@code onpoint.cards.*}). */
@ConfigurationProperties("onpoint.cards")
public record CardProperties(String primary, BreakerSettings breaker, Duration abandonAfter) {}
