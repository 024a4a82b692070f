package ke.onpoint.simulator;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;

/**
 * The tasks a simulator has handed to its executors and that have not yet run to the end (delayed outcomes,
 * webhooks and callbacks under way, redeliveries). When there are none, everything the simulator decided to do has
 * happened, so a test can wait for that instead of sleeping to show that something did not happen.
 */
public final class PendingTasks {

    private final AtomicInteger count = new AtomicInteger();

    /** The task, counted from now until it has run. Only for tasks that are never cancelled. */
    public Runnable track(Runnable task) {
        count.incrementAndGet();
        return () -> {
            try {
                task.run();
            } finally {
                count.decrementAndGet();
            }
        };
    }

    /** An executor that counts each task it is given until that task has run; a rejected one is not counted. */
    public Executor tracking(Executor executor) {
        return task -> {
            Runnable tracked = track(task);
            try {
                executor.execute(tracked);
            } catch (RejectedExecutionException e) {
                count.decrementAndGet();
                throw e;
            }
        };
    }

    /**
     * Runs the task on the scheduler after the delay (none when negative), counted until it has run. A task that
     * throws is logged with {@code failure} and the simulator carries on; one the scheduler refuses (the simulator
     * shutting down) is dropped with {@code dropped}.
     */
    public void schedule(
            ScheduledExecutorService scheduler,
            Duration delay,
            Runnable task,
            Logger log,
            String failure,
            String dropped) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn(failure, e);
            }
        };
        try {
            scheduler.schedule(track(guarded), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug(dropped);
        }
    }

    public boolean none() {
        return count.get() == 0;
    }
}
