package ke.onpoint.simulator.daraja;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ke.onpoint.simulator.SimulatorJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The M-Pesa side of STK: keeps accepted pushes in memory, decides each one's outcome on schedule (or when a test
 * resolves it) and sends the callback. Transactions are never forgotten on reset, only pruned when old and final.
 */
@Component
@ConditionalOnDarajaSimulator
public class DarajaStkTransactions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DarajaStkTransactions.class);
    /** Above this many transactions, final ones older than {@link #RETENTION} are dropped (long-running dev apps). */
    private static final int PRUNE_ABOVE = 10_000;

    private static final Duration RETENTION = Duration.ofHours(1);

    public enum ResolveStatus {
        RESOLVED,
        NOT_FOUND,
        ALREADY_FINAL
    }

    record Resolution(ResolveStatus status, DarajaStkTransaction transaction) {}

    private final DarajaSimulatorProperties properties;
    private final DarajaCallbackSender callbackSender;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, DarajaStkTransaction> transactions = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong lastPrune = new AtomicLong();

    public DarajaStkTransactions(DarajaSimulatorProperties properties, DarajaCallbackSender callbackSender) {
        this.properties = properties;
        this.callbackSender = callbackSender;
        AtomicInteger threads = new AtomicInteger();
        // Few threads suffice: they only flip state and hand callbacks to the async HTTP client.
        // Daemon threads, so a forgotten context never keeps a JVM (or a test run) alive.
        this.scheduler = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "daraja-sim-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true); // resolved-early transactions must not pile up in the queue
    }

    /** Stores an accepted push as pending and schedules its scenario's outcome. */
    DarajaStkTransaction accept(StkRequestValidator.Push request, StkScenario scenario) {
        pruneIfLarge();
        Instant now = clock.instant();
        DarajaStkTransaction transaction;
        do {
            transaction = new DarajaStkTransaction(
                    DarajaIds.checkoutRequestId(now), DarajaIds.merchantRequestId(), request, scenario, now);
        } while (transactions.putIfAbsent(transaction.checkoutRequestId(), transaction) != null);

        DarajaStkTransaction accepted = transaction;
        int code = scenario.resultCode();
        try {
            accepted.scheduledOutcome(scheduler.schedule(
                    () -> {
                        accepted.scheduledOutcomeStarted();
                        try {
                            complete(accepted, code, StkResultCodes.describe(code), scenario.callbacks());
                        } finally {
                            accepted.scheduledOutcomeRan();
                        }
                    },
                    scenario.delay(properties).toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("Simulator shutting down; {} stays pending", accepted.checkoutRequestId());
        }
        return accepted;
    }

    Optional<DarajaStkTransaction> find(String checkoutRequestId) {
        return checkoutRequestId == null ? Optional.empty() : Optional.ofNullable(transactions.get(checkoutRequestId));
    }

    /** Every push the simulator holds (not yet pruned), in no particular order. */
    List<DarajaStkTransaction> all() {
        return List.copyOf(transactions.values());
    }

    /** The successful push whose M-Pesa receipt this is (Transaction Status and Reversal look receipts up). */
    Optional<DarajaStkTransaction> findByReceipt(String receipt) {
        if (receipt == null) {
            return Optional.empty();
        }
        return transactions.values().stream()
                .filter(t -> t.outcome() != null && receipt.equals(t.outcome().receipt()))
                .findFirst();
    }

    /** Decides a pending transaction now (the scheduled outcome is cancelled), optionally sending its callback. */
    Resolution resolve(String checkoutRequestId, int resultCode, String resultDesc, boolean sendCallback) {
        DarajaStkTransaction transaction = transactions.get(checkoutRequestId);
        if (transaction == null) {
            return new Resolution(ResolveStatus.NOT_FOUND, null);
        }
        String desc = resultDesc != null ? resultDesc : StkResultCodes.describe(resultCode);
        if (!transaction.finish(resultCode, desc, clock.instant())) {
            return new Resolution(ResolveStatus.ALREADY_FINAL, transaction);
        }
        if (sendCallback) {
            sendCallbacks(transaction, 1);
        }
        return new Resolution(ResolveStatus.RESOLVED, transaction);
    }

    /** Sends a final transaction's callback once more, now: a late (or redelivered) callback. */
    Resolution sendCallbackAgain(String checkoutRequestId) {
        DarajaStkTransaction transaction = transactions.get(checkoutRequestId);
        if (transaction == null) {
            return new Resolution(ResolveStatus.NOT_FOUND, null);
        }
        if (transaction.pending()) {
            return new Resolution(ResolveStatus.ALREADY_FINAL, transaction); // not final yet: nothing to send
        }
        sendCallbacks(transaction, 1);
        return new Resolution(ResolveStatus.RESOLVED, transaction);
    }

    private void complete(DarajaStkTransaction transaction, int resultCode, String resultDesc, int callbacks) {
        if (transaction.finish(resultCode, resultDesc, clock.instant()) && callbacks > 0) {
            sendCallbacks(transaction, callbacks);
        }
    }

    /** The duplicate is the identical body, sent duplicateGap after the first, as Daraja's retries are. */
    private void sendCallbacks(DarajaStkTransaction transaction, int count) {
        String url = transaction.request().callbackUrl();
        String id = transaction.checkoutRequestId();
        String body = SimulatorJson.write(transaction.callbackBody(transaction.outcome()));
        callbackSender.send(id, 1, url, body);
        for (int attempt = 2; attempt <= count; attempt++) {
            int number = attempt;
            long delayMs = properties.duplicateGap().toMillis() * (attempt - 1);
            try {
                scheduler.schedule(() -> callbackSender.send(id, number, url, body), delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("Simulator shutting down; duplicate callback for {} dropped", id);
            }
        }
    }

    private void pruneIfLarge() {
        long now = System.currentTimeMillis();
        long last = lastPrune.get();
        if (transactions.size() <= PRUNE_ABOVE || now - last < 60_000 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        Instant cutoff = clock.instant().minus(RETENTION);
        transactions.values().removeIf(t -> {
            DarajaStkTransaction.Outcome outcome = t.outcome();
            return outcome != null && outcome.resolvedAt().isBefore(cutoff);
        });
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
