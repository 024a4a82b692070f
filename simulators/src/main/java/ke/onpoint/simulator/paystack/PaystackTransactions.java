package ke.onpoint.simulator.paystack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ke.onpoint.simulator.PendingTasks;
import ke.onpoint.simulator.ProviderIdSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Paystack side of the simulator: the in-memory transaction and refund tables (reference §2.6), the hosted
 * checkout's outcomes, the M-Pesa prompt's outcome and the refunds' processing, each followed by its webhook.
 * Nothing is forgotten on reset; when the table grows large, old final transactions are pruned.
 */
@Component("paystackSimTransactions")
@ConditionalOnPaystackSimulator
public class PaystackTransactions implements DisposableBean {

    /** What the refunds created from now on turn into. */
    public enum RefundMode {
        PROCESS,
        FAIL;
    }

    public enum CheckoutAction {
        PAY,
        DECLINE,
        ABANDON
    }

    public enum CheckoutStatus {
        DONE,
        NOT_FOUND,
        NOT_PENDING
    }

    record CheckoutResult(CheckoutStatus status, PaystackTransaction transaction) {}

    /** An M-Pesa number ending in this declines the prompt (the Daraja simulator's 1032 "cancelled by user"). */
    static final String DECLINING_PHONE_SUFFIX = "32";

    private static final Logger log = LoggerFactory.getLogger(PaystackTransactions.class);
    private static final int PRUNE_ABOVE = 20_000;
    private static final Duration RETENTION = Duration.ofHours(1);

    private final PaystackSimulatorProperties properties;
    private final PaystackWebhookSender webhooks;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, PaystackTransaction> byReference = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, PaystackTransaction> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PaystackTransaction> byAccessCode = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, PaystackRefund> refunds = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<String, PaystackTransaction.Customer> customers = new ConcurrentHashMap<>();
    private final ProviderIdSequence transactionIds = new ProviderIdSequence(4_200_000_000L);
    private final ProviderIdSequence refundIds = new ProviderIdSequence(15_000_000L);
    private final ProviderIdSequence customerIds = new ProviderIdSequence(250_000_000L);
    private final AtomicReference<RefundMode> refundMode = new AtomicReference<>(RefundMode.PROCESS);
    private final AtomicLong lastPrune = new AtomicLong();
    private final java.util.Set<String> planted = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor scheduler;
    private final PendingTasks pending = new PendingTasks();

    public PaystackTransactions(PaystackSimulatorProperties properties, PaystackWebhookSender webhooks) {
        this.properties = properties;
        this.webhooks = webhooks;
        AtomicLong threads = new AtomicLong();
        // One thread: it only flips state and hands webhooks to the sender's own pool.
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "paystack-sim-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    PaystackTransaction initialize(PaystackRequests.Initialize request, String ip) {
        pruneIfLarge();
        Instant now = clock.instant();
        PaystackTransaction.Customer customer = customer(request.email());
        String accessCode;
        do {
            accessCode = PaystackIds.accessCode();
        } while (byAccessCode.containsKey(accessCode));
        String code = accessCode;
        PaystackTransaction transaction = store(
                request.reference(),
                reference -> PaystackTransaction.initialized(
                        transactionIds.next(), reference, code, customer, request, now, ip));
        byAccessCode.put(code, transaction);
        return transaction;
    }

    /** An M-Pesa charge: {@code ongoing} now, decided after webhookDelay (phone ending 32 declines). */
    PaystackTransaction charge(PaystackRequests.Charge request, String ip) {
        pruneIfLarge();
        Instant now = clock.instant();
        PaystackTransaction.Customer customer = customer(request.email());
        PaystackTransaction transaction = store(
                request.reference(),
                reference -> PaystackTransaction.charged(transactionIds.next(), reference, customer, request, now, ip));
        boolean success = !request.phone().endsWith(DECLINING_PHONE_SUFFIX);
        later(properties.webhookDelay(), () -> {
            if (transaction.completeMobileMoney(success, clock.instant()) && success) {
                webhooks.send("charge.success", transaction.reference(), transaction.toJson());
            }
        });
        return transaction;
    }

    CheckoutResult checkout(String accessCode, CheckoutAction action, String ip) {
        PaystackTransaction transaction = accessCode == null ? null : byAccessCode.get(accessCode);
        if (transaction == null) {
            return new CheckoutResult(CheckoutStatus.NOT_FOUND, null);
        }
        Instant now = clock.instant();
        boolean done = switch (action) {
            case PAY -> transaction.pay(now, ip);
            case DECLINE -> transaction.decline(now, ip);
            case ABANDON -> transaction.abandon();
        };
        if (!done) {
            return new CheckoutResult(CheckoutStatus.NOT_PENDING, transaction);
        }
        if (action == CheckoutAction.PAY) {
            // rendered now: the event describes the payment, whatever happens to the transaction before delivery
            var data = transaction.toJson();
            later(properties.webhookDelay(), () -> webhooks.send("charge.success", transaction.reference(), data));
        }
        return new CheckoutResult(CheckoutStatus.DONE, transaction);
    }

    /** Queues a refund (pending), decided after webhookDelay as the refund mode says, then sends refund.*. */
    PaystackRefund refund(PaystackRequests.Refund request) {
        PaystackTransaction transaction = findByReferenceOrId(request.transaction())
                .orElseThrow(() -> PaystackApiException.notFound("Transaction not found"));
        if (request.currency() != null && !request.currency().equals(transaction.currency())) {
            throw PaystackApiException.badRequest("Currency does not match the transaction's currency");
        }
        PaystackRefund refund;
        synchronized (transaction) {
            String status = transaction.status();
            if (PaystackTransaction.REVERSED.equals(status)) {
                throw PaystackApiException.badRequest("Transaction has been fully reversed");
            }
            if (!PaystackTransaction.SUCCESS.equals(status)) {
                throw PaystackApiException.badRequest("Transaction has not been completed");
            }
            long unrefunded = transaction.unrefunded();
            long amount = request.amount() == null ? unrefunded : request.amount();
            if (amount > unrefunded) {
                throw new PaystackApiException(
                        HttpStatus.BAD_REQUEST,
                        "Refund amount cannot be more than the unrefunded amount (" + unrefunded + ")");
            }
            refund = new PaystackRefund(
                    refundIds.next(),
                    transaction,
                    amount,
                    transaction.currency(),
                    request.customerNote(),
                    request.merchantNote(),
                    clock.instant(),
                    refundMode.get() == RefundMode.FAIL);
            transaction.addRefund(refund);
        }
        refunds.put(refund.id(), refund);
        PaystackRefund queued = refund;
        later(properties.webhookDelay(), () -> {
            if (queued.complete(clock.instant())) {
                webhooks.send("refund." + queued.status(), transaction.reference(), queued.webhookData());
            }
        });
        return refund;
    }

    Optional<PaystackTransaction> find(String reference) {
        return reference == null ? Optional.empty() : Optional.ofNullable(byReference.get(reference));
    }

    Optional<PaystackTransaction> findByAccessCode(String accessCode) {
        return accessCode == null ? Optional.empty() : Optional.ofNullable(byAccessCode.get(accessCode));
    }

    /** Paystack's refund takes "the transaction reference or id". */
    Optional<PaystackTransaction> findByReferenceOrId(String referenceOrId) {
        Optional<PaystackTransaction> byRef = find(referenceOrId);
        if (byRef.isPresent() || !referenceOrId.matches("[0-9]{1,18}")) {
            return byRef;
        }
        return Optional.ofNullable(byId.get(Long.parseLong(referenceOrId)));
    }

    Optional<PaystackRefund> findRefund(long id) {
        return Optional.ofNullable(refunds.get(id));
    }

    /** Newest first, optionally only those of one transaction (its reference or id). */
    List<PaystackRefund> refunds(String transaction) {
        Optional<PaystackTransaction> only =
                transaction == null || transaction.isBlank() ? Optional.empty() : findByReferenceOrId(transaction);
        if (transaction != null && !transaction.isBlank() && only.isEmpty()) {
            return List.of();
        }
        return refunds.descendingMap().values().stream()
                .filter(refund -> only.isEmpty() || refund.transaction() == only.get())
                .toList();
    }

    /** Every transaction the simulator holds (not yet pruned), in no particular order. */
    List<PaystackTransaction> all() {
        return List.copyOf(byReference.values());
    }

    /**
     * A successful payment nobody initiated through the API (for reconciliation tests: money the provider has that
     * the gateway does not know), paid at {@code at}; no webhook is sent.
     */
    PaystackTransaction plant(long amount, String currency, String channel, Instant at) {
        PaystackTransaction.Customer customer = customer("walk-in@customer.test");
        PaystackTransaction transaction;
        if (PaystackTransaction.MOBILE_MONEY.equals(channel)) {
            PaystackRequests.Charge charge = new PaystackRequests.Charge(
                    customer.email(), amount, currency, null, "+254700000000", "mpesa", null);
            transaction = store(
                    null,
                    reference ->
                            PaystackTransaction.charged(transactionIds.next(), reference, customer, charge, at, null));
            transaction.completeMobileMoney(true, at);
        } else {
            PaystackRequests.Initialize initialize =
                    new PaystackRequests.Initialize(customer.email(), amount, currency, null, null, null, null);
            String accessCode = PaystackIds.accessCode();
            transaction = store(
                    null,
                    reference -> PaystackTransaction.initialized(
                            transactionIds.next(), reference, accessCode, customer, initialize, at, null));
            transaction.pay(at, null);
        }
        planted.add(transaction.reference());
        return transaction;
    }

    /** Removes the planted provider-only transactions. */
    void forgetPlanted() {
        planted.forEach(reference -> {
            PaystackTransaction transaction = byReference.remove(reference);
            if (transaction != null) {
                byId.remove(transaction.id());
            }
        });
        planted.clear();
    }

    public RefundMode refundMode() {
        return refundMode.get();
    }

    public void refundMode(RefundMode mode) {
        refundMode.set(mode);
    }

    private PaystackTransaction store(
            String requestedReference, java.util.function.Function<String, PaystackTransaction> create) {
        if (requestedReference != null) {
            PaystackTransaction transaction = create.apply(requestedReference);
            if (byReference.putIfAbsent(requestedReference, transaction) != null) {
                throw PaystackApiException.badRequest("Duplicate Transaction Reference");
            }
            byId.put(transaction.id(), transaction);
            return transaction;
        }
        while (true) {
            PaystackTransaction transaction = create.apply(PaystackIds.reference());
            if (byReference.putIfAbsent(transaction.reference(), transaction) == null) {
                byId.put(transaction.id(), transaction);
                return transaction;
            }
        }
    }

    private PaystackTransaction.Customer customer(String email) {
        return customers.computeIfAbsent(
                email.toLowerCase(Locale.ROOT),
                key -> new PaystackTransaction.Customer(customerIds.next(), email, PaystackIds.customerCode()));
    }

    /**
     * Every delayed outcome and webhook has had its moment and every webhook attempt has ended (redeliveries
     * included): what has not happened by now will not happen. For tests.
     */
    boolean idle() {
        // this order: a task that ends here has already handed its webhook to the sender
        return pending.none() && webhooks.idle();
    }

    private void later(Duration delay, Runnable task) {
        pending.schedule(
                scheduler,
                delay,
                task,
                log,
                "Paystack simulator task failed",
                "Simulator shutting down; scheduled outcome dropped");
    }

    private void pruneIfLarge() {
        long now = System.currentTimeMillis();
        long last = lastPrune.get();
        if (byReference.size() <= PRUNE_ABOVE || now - last < 60_000 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        Instant cutoff = clock.instant().minus(RETENTION);
        byReference.values().removeIf(t -> {
            boolean old = t.isFinal() && t.createdAt().isBefore(cutoff);
            if (old) {
                byId.remove(t.id());
                if (t.accessCode() != null) {
                    byAccessCode.remove(t.accessCode());
                }
                refunds.values().removeIf(refund -> refund.transaction() == t);
            }
            return old;
        });
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
