package ke.onpoint.pay.ops;

import org.apache.camel.model.Resilience4jConfigurationDefinition;

/**
 * One circuit breaker policy for every provider (Daraja, each card processor): open at this failure rate over a
 * window of calls, stay open this many seconds, then let two trial calls through. An open breaker throws
 * {@code CallNotPermittedException} at once, so callers answer quickly instead of waiting on a provider that is down.
 */
public record BreakerSettings(int failureRateThreshold, int minimumCalls, int windowSize, int openFor) {

    public Resilience4jConfigurationDefinition applyTo(Resilience4jConfigurationDefinition configuration) {
        return configuration
                .failureRateThreshold(failureRateThreshold)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(windowSize)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2)
                .throwExceptionWhenHalfOpenOrOpenState(true);
    }
}
