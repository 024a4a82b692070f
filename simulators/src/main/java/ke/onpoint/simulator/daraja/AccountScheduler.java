package ke.onpoint.simulator.daraja;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import ke.onpoint.simulator.PendingTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Timers of the account APIs (C2B notifications, Results), kept apart from DarajaStkTransactions's so a burst of one never
 * delays the other. Tasks only decide state and hand HTTP to the async senders, so two daemon threads suffice.
 */
@Component
@ConditionalOnDarajaSimulator
public class AccountScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AccountScheduler.class);

    private final ScheduledThreadPoolExecutor scheduler;
    private final PendingTasks pending = new PendingTasks();

    public AccountScheduler() {
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "daraja-sim-accounts-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void schedule(Runnable task, Duration delay) {
        pending.schedule(
                scheduler, delay, task, log, "Daraja simulator task failed", "Simulator shutting down; task dropped");
    }

    /** Every task scheduled so far has run. */
    boolean idle() {
        return pending.none();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
