package ke.onpoint.simulator.daraja;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What happens to an STK push, chosen by the last two digits of its PhoneNumber (reference §1.13), so a client
 * test picks an outcome just by its test MSISDN, e.g. {@code 254700000032} for "cancelled by user".
 * Any suffix not listed behaves like {@code 00}.
 */
enum StkScenario {
    SUCCESS("00", 0, Timing.CALLBACK, 1),
    INSUFFICIENT_FUNDS("01", 1, Timing.CALLBACK, 1),
    RULE_LIMITED("17", 17, Timing.CALLBACK, 1),
    SYSTEM_BUSY("26", 26, Timing.CALLBACK, 1),
    SUBSCRIBER_LOCKED("10", 1001, Timing.CALLBACK, 1),
    PUSH_ERROR("25", 1025, Timing.CALLBACK, 1),
    WRONG_PIN("20", 2001, Timing.CALLBACK, 1),
    PUSH_FAILED("99", 9999, Timing.CALLBACK, 1),
    CANCELLED_BY_USER("32", 1032, Timing.CANCEL, 1),
    EXPIRED("19", 1019, Timing.TIMEOUT, 1),
    USER_UNREACHABLE("37", 1037, Timing.TIMEOUT, 1),
    /** Succeeds, but Safaricom never calls back: only STK Query (reconciliation) can find out. */
    NO_CALLBACK("90", 0, Timing.CALLBACK, 0),
    /** Succeeds and the identical callback arrives twice, duplicateGap apart: tests idempotency. */
    DUPLICATE_CALLBACK("91", 0, Timing.CALLBACK, 2),
    /** Succeeds only after lateDelay; until then STK Query says "being processed". */
    LATE_CALLBACK("92", 0, Timing.LATE, 1),
    /** Rejected synchronously: TPS limit. */
    SPIKE_ARREST("93", DarajaErrors::spikeArrest),
    /** Rejected synchronously although the number looks valid (e.g. not an M-Pesa subscriber). */
    INVALID_PHONE("94", () -> DarajaErrors.invalidField("PhoneNumber"));

    /** Which configured delay a scenario's outcome waits for. */
    enum Timing {
        CALLBACK(DarajaSimulatorProperties::callbackDelay),
        CANCEL(DarajaSimulatorProperties::cancelDelay),
        TIMEOUT(DarajaSimulatorProperties::timeoutDelay),
        LATE(DarajaSimulatorProperties::lateDelay);

        private final Function<DarajaSimulatorProperties, Duration> delay;

        Timing(Function<DarajaSimulatorProperties, Duration> delay) {
            this.delay = delay;
        }

        Duration delay(DarajaSimulatorProperties properties) {
            return delay.apply(properties);
        }
    }

    private static final Map<String, StkScenario> BY_SUFFIX =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(s -> s.suffix, s -> s));

    private final String suffix;
    private final int resultCode;
    private final Timing timing;
    private final int callbacks;
    private final Supplier<DarajaException> syncError;

    StkScenario(String suffix, int resultCode, Timing timing, int callbacks) {
        this.suffix = suffix;
        this.resultCode = resultCode;
        this.timing = timing;
        this.callbacks = callbacks;
        this.syncError = null;
    }

    StkScenario(String suffix, Supplier<DarajaException> syncError) {
        this.suffix = suffix;
        this.resultCode = -1;
        this.timing = null;
        this.callbacks = 0;
        this.syncError = syncError;
    }

    static StkScenario forPhone(String phoneNumber) {
        String suffix = phoneNumber.length() >= 2 ? phoneNumber.substring(phoneNumber.length() - 2) : "";
        return BY_SUFFIX.getOrDefault(suffix, SUCCESS);
    }

    boolean rejectsSynchronously() {
        return syncError != null;
    }

    DarajaException syncError() {
        return syncError.get();
    }

    int resultCode() {
        return resultCode;
    }

    Duration delay(DarajaSimulatorProperties properties) {
        return timing.delay(properties);
    }

    /** How many times the final callback is POSTed: 0 (lost), 1, or 2 (duplicate). */
    int callbacks() {
        return callbacks;
    }
}
