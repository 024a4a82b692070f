package ke.onpoint.simulator;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How the simulator tests wait: for an event (a callback or webhook arriving, a simulator's log, stats or its own
 * "nothing left to do"), polled often, never for a fixed time.
 */
public final class SimulatorAwait {

    /** Long enough for any scenario here; every wait ends as soon as its event happens. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private SimulatorAwait() {}

    public static ConditionFactory await() {
        return Awaitility.await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25));
    }

    /** The first value that meets the condition. */
    public static <T> T awaitValue(Callable<T> value, Predicate<? super T> condition) {
        return await().until(value, condition::test);
    }

    /**
     * Until a simulator says it has nothing scheduled or under way (its {@code idle()}): every outcome, webhook or
     * callback it decided on has happened, so one that has not arrived by now never will.
     */
    public static void awaitIdle(BooleanSupplier idle) {
        await().until(idle::getAsBoolean);
    }
}
