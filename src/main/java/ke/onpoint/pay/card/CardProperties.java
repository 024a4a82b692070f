package ke.onpoint.pay.card;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which processor takes card payments first, and how each processor is guarded ({@code onpoint.cards.*}). */
@ConfigurationProperties("onpoint.cards")
public record CardProperties(String primary, Breaker breaker, Duration abandonAfter) {

    public record Breaker(int failureRateThreshold, int minimumCalls, int windowSize, int openFor) {
    }
}
