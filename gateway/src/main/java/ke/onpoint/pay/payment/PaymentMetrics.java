package ke.onpoint.pay.payment;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ke.onpoint.pay.kernel.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * Payments as the business watches them, counted once their change has committed (a rolled-back change counts
 * nothing): initiated by method and mode, ended by method, mode, status and {@link EndReasons reason}, and the time
 * from initiation to the provider's outcome (callback, webhook or status query) being applied. Every tag is a small
 * fixed set; no reference, merchant or free text is ever a tag.
 */
@Component
public class PaymentMetrics {

    public static final String INITIATED = "onpoint.payments.initiated";
    public static final String ENDED = "onpoint.payments.ended";
    public static final String CALLBACK_LAG = "onpoint.payment.callback.lag";
    /** The lag's buckets: seconds to minutes, as callbacks come (a bounded, small set of series). */
    private static final Duration[] LAG_BUCKETS = java.util.stream.Stream.of(
                    100L, 250L, 500L, 1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 30_000L, 60_000L, 120_000L, 300_000L,
                    600_000L)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private final MeterRegistry meters;

    public PaymentMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void initiated(Payment payment) {
        String method = payment.method().code();
        String mode = payment.mode();
        AfterCommit.run(() -> Counter.builder(INITIATED)
                .description("Payments written (initiated by a merchant, or received through C2B)")
                .tag("method", method)
                .tag("mode", mode)
                .register(meters)
                .increment());
    }

    /**
     * A payment that reached an outcome; {@code answered} when a provider's message ended it (the lag is then
     * recorded), not when the gateway itself did (no answer in time, or the initiation refused).
     */
    void ended(Payment payment, String reason, boolean answered) {
        String method = payment.method().code();
        String mode = payment.mode();
        String status = payment.status().code();
        Duration lag = answered ? Duration.between(payment.createdAt(), Instant.now()) : null;
        AfterCommit.run(() -> {
            Counter.builder(ENDED)
                    .description("Payments that reached an outcome, by status and reason")
                    .tag("method", method)
                    .tag("mode", mode)
                    .tag("status", status)
                    .tag("reason", reason)
                    .register(meters)
                    .increment();
            if (lag != null) {
                Timer.builder(CALLBACK_LAG)
                        .description("From a payment's initiation to its provider outcome being applied")
                        .tag("method", method)
                        .tag("status", status)
                        .serviceLevelObjectives(LAG_BUCKETS)
                        .register(meters)
                        .record(lag.isNegative() ? Duration.ZERO : lag);
            }
        });
    }
}
