package ke.onpoint.simulator;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

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

    public boolean none() {
        return count.get() == 0;
    }
}
