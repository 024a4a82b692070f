package ke.onpoint.pay.simulator.paystack;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/** Provider-side faults a test can switch on: Paystack down (503 on every API path) or slow (added latency). */
@Component("paystackSimFaults")
@ConditionalOnPaystackSimulator
public class PaystackFaults {

    public enum Mode {
        NONE, DOWN, SLOW;

        static Mode parse(String value) {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Settings(Mode mode, long latencyMs) {
    }

    private static final Settings OFF = new Settings(Mode.NONE, 0);

    private final AtomicReference<Settings> current = new AtomicReference<>(OFF);

    public Settings current() {
        return current.get();
    }

    public void set(Settings settings) {
        current.set(settings);
    }

    public void clear() {
        current.set(OFF);
    }

    /** Called first by every Paystack API endpoint: throws the 503 when down, sleeps when slow, else returns. */
    void apply() {
        Settings settings = current.get();
        switch (settings.mode()) {
            case DOWN -> throw PaystackApiException.serviceUnavailable();
            case SLOW -> sleep(settings.latencyMs());
            case NONE -> { }
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
