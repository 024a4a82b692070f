package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ke.onpoint.simulator.PendingTasks;
import ke.onpoint.simulator.ProviderIdSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The simulated Flutterwave account: its payments (by id, tx_ref and checkout token), the customer's choices on the
 * hosted checkout, refunds, and the {@code charge.completed} webhooks that follow a choice after
 * {@code webhook-delay}.
 */
@Component
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveTransactions implements DisposableBean {

    /** How webhooks leave: once, twice (identical), with a wrong {@code verif-hash}, or not at all. */
    public enum WebhookMode {
        NORMAL,
        DUPLICATE,
        BAD_HASH,
        NONE;
    }

    /** Whether refunds go through or fail with "Refund failed". */
    public enum RefundMode {
        PROCESS,
        FAIL;
    }

    /** The customer's three buttons on the hosted checkout. */
    public enum Choice {
        PAY(FlutterwaveTransaction.Status.SUCCESSFUL),
        DECLINE(FlutterwaveTransaction.Status.FAILED),
        CANCEL(FlutterwaveTransaction.Status.CANCELLED);

        private final FlutterwaveTransaction.Status outcome;

        Choice(FlutterwaveTransaction.Status outcome) {
            this.outcome = outcome;
        }

        static Optional<Choice> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        FlutterwaveTransaction.Status outcome() {
            return outcome;
        }
    }

    public enum ChoiceStatus {
        DONE,
        NOT_FOUND,
        NOT_PENDING
    }

    record ChoiceResult(ChoiceStatus status, FlutterwaveTransaction transaction) {}

    /** A value the wrong-hash mode sends instead of the configured secret hash. */
    static final String BAD_HASH = "sim-wrong-verif-hash";

    private static final Logger log = LoggerFactory.getLogger(FlutterwaveTransactions.class);
    /** Above this many payments, decided ones older than {@link #RETENTION} are dropped (long-running dev apps). */
    private static final int PRUNE_ABOVE = 10_000;

    private static final Duration RETENTION = Duration.ofHours(1);

    private final FlutterwaveSimulatorProperties properties;
    private final FlutterwaveWebhookSender webhookSender;
    private final FlutterwaveStats stats;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, FlutterwaveTransaction> byTxRef = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, FlutterwaveTransaction> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, FlutterwaveTransaction> byToken = new ConcurrentHashMap<>();
    private final ProviderIdSequence transactionIds = new ProviderIdSequence(5_100_000);
    private final ProviderIdSequence customerIds = new ProviderIdSequence(2_300_000);
    private final ProviderIdSequence refundIds = new ProviderIdSequence(1_200_000);
    private final AtomicReference<WebhookMode> webhookMode = new AtomicReference<>(WebhookMode.NORMAL);
    private final AtomicReference<RefundMode> refundMode = new AtomicReference<>(RefundMode.PROCESS);
    private final AtomicLong lastPrune = new AtomicLong();
    private final java.util.Set<String> planted = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private final PendingTasks pending = new PendingTasks();

    public FlutterwaveTransactions(
            FlutterwaveSimulatorProperties properties, FlutterwaveWebhookSender webhookSender, FlutterwaveStats stats) {
        this.properties = properties;
        this.webhookSender = webhookSender;
        this.stats = stats;
        // One daemon thread: it only hands webhooks to the sender's pool, and never keeps a JVM alive.
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "flutterwave-sim-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stores a new pending payment; a tx_ref already used fails with Flutterwave's "Duplicate tx_ref". */
    FlutterwaveTransaction initialize(FlutterwavePaymentRequest request, String ip) {
        pruneIfLarge();
        FlutterwaveTransaction transaction = new FlutterwaveTransaction(
                transactionIds.next(),
                FlutterwaveIds.flwRef(),
                FlutterwaveIds.checkoutToken(),
                customerIds.next(),
                request,
                ip == null ? "127.0.0.1" : ip,
                clock.instant());
        if (byTxRef.putIfAbsent(request.txRef(), transaction) != null) {
            throw FlutterwaveApiException.badRequest("Duplicate tx_ref");
        }
        byId.put(transaction.id(), transaction);
        byToken.put(transaction.checkoutToken(), transaction);
        return transaction;
    }

    /** Every payment the simulator holds (not yet pruned), in no particular order. */
    List<FlutterwaveTransaction> all() {
        return List.copyOf(byTxRef.values());
    }

    /**
     * A successful payment nobody initiated through the API (reconciliation tests: money Flutterwave has that the
     * gateway does not know), made at {@code at}; no webhook is sent.
     */
    FlutterwaveTransaction plant(BigDecimal amount, String currency, Instant at) {
        FlutterwavePaymentRequest request = new FlutterwavePaymentRequest(
                "flw-planted-" + FlutterwaveIds.hex(12),
                amount,
                currency,
                null,
                "walk-in@customer.test",
                "Walk-in Customer",
                null,
                null,
                null,
                "card");
        FlutterwaveTransaction transaction = new FlutterwaveTransaction(
                transactionIds.next(),
                FlutterwaveIds.flwRef(),
                FlutterwaveIds.checkoutToken(),
                customerIds.next(),
                request,
                "127.0.0.1",
                at);
        transaction.complete(FlutterwaveTransaction.Status.SUCCESSFUL, at);
        byTxRef.put(request.txRef(), transaction);
        byId.put(transaction.id(), transaction);
        planted.add(request.txRef());
        return transaction;
    }

    void forgetPlanted() {
        planted.forEach(txRef -> {
            FlutterwaveTransaction transaction = byTxRef.remove(txRef);
            if (transaction != null) {
                byId.remove(transaction.id());
            }
        });
        planted.clear();
    }

    /** The hosted checkout link for a payment. */
    String checkoutLink(FlutterwaveTransaction transaction) {
        return properties.checkoutBase() + FlutterwaveApiController.CONTROL_PATH + "/checkout/"
                + transaction.checkoutToken();
    }

    Optional<FlutterwaveTransaction> findById(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<FlutterwaveTransaction> findByTxRef(String txRef) {
        return txRef == null ? Optional.empty() : Optional.ofNullable(byTxRef.get(txRef));
    }

    Optional<FlutterwaveTransaction> findByToken(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(byToken.get(token));
    }

    /**
     * The customer's choice: pending becomes successful, failed or cancelled. Pay and decline schedule a
     * {@code charge.completed} webhook (per the webhook mode in force now); cancel sends none.
     */
    ChoiceResult choose(String token, Choice choice) {
        FlutterwaveTransaction transaction = byToken.get(token);
        if (transaction == null) {
            return new ChoiceResult(ChoiceStatus.NOT_FOUND, null);
        }
        if (!transaction.complete(choice.outcome(), clock.instant())) {
            return new ChoiceResult(ChoiceStatus.NOT_PENDING, transaction);
        }
        if (choice != Choice.CANCEL) {
            scheduleWebhook(transaction, webhookMode.get());
        }
        return new ChoiceResult(ChoiceStatus.DONE, transaction);
    }

    /**
     * Refunds {@code amount} (the whole rest when null) of a successful payment, or throws Flutterwave's 400; in
     * refund mode "fail" a refund that would have gone through fails with "Refund failed" instead.
     */
    FlutterwaveTransaction.Refund refund(FlutterwaveTransaction transaction, BigDecimal amount) {
        return transaction.refund(amount, refundMode.get() == RefundMode.FAIL, refundIds::next, clock.instant());
    }

    WebhookMode webhookMode() {
        return webhookMode.get();
    }

    void webhookMode(WebhookMode mode) {
        webhookMode.set(mode);
    }

    RefundMode refundMode() {
        return refundMode.get();
    }

    void refundMode(RefundMode mode) {
        refundMode.set(mode);
    }

    /** Back to normal webhooks and processed refunds; payments and the webhook log stay. */
    void resetModes() {
        webhookMode.set(WebhookMode.NORMAL);
        refundMode.set(RefundMode.PROCESS);
    }

    /** The body is fixed at the moment of the choice, so a duplicate is byte-for-byte the first one. */
    private void scheduleWebhook(FlutterwaveTransaction transaction, WebhookMode mode) {
        if (mode == WebhookMode.NONE) {
            stats.webhookSuppressed();
            return;
        }
        String body = FlutterwaveJson.write(transaction.webhookBody());
        String hash = mode == WebhookMode.BAD_HASH ? BAD_HASH : properties.secretHash();
        String url = properties.webhookUrl();
        String txRef = transaction.txRef();
        long id = transaction.id();
        try {
            timer.schedule(
                    pending.track(() -> {
                        var first = webhookSender.send(txRef, id, 1, url, hash, body);
                        if (mode == WebhookMode.DUPLICATE) {
                            // The retry arrives after the first attempt has ended, as a redelivery would.
                            first.whenComplete((attempt, error) -> webhookSender.send(txRef, id, 2, url, hash, body));
                        }
                    }),
                    properties.webhookDelayMs(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Flutterwave simulator shutting down; webhook for {} dropped", txRef);
        }
    }

    /**
     * Every scheduled webhook has had its moment and every attempt has ended: what has not been sent by now will not
     * be. For tests.
     */
    boolean idle() {
        // this order: a timer task that ends here has already handed its webhook to the sender
        return pending.none() && webhookSender.idle();
    }

    private void pruneIfLarge() {
        long now = System.currentTimeMillis();
        long last = lastPrune.get();
        if (byTxRef.size() <= PRUNE_ABOVE || now - last < 60_000 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        Instant cutoff = clock.instant().minus(RETENTION);
        byTxRef.values().removeIf(t -> {
            Instant completed = t.completedAt();
            boolean old = completed != null && completed.isBefore(cutoff);
            if (old) {
                byId.remove(t.id());
                byToken.remove(t.checkoutToken());
            }
            return old;
        });
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
